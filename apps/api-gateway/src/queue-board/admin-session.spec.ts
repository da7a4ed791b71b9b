import { AdminSession, cookieNamed } from './admin-session';

describe(AdminSession.name, () => {
  const sut = new AdminSession('the-admin-token-123');

  it('accepts exactly the token, and a cookie that is not the token itself', () => {
    expect(sut.isToken('the-admin-token-123')).toBe(true);
    expect(sut.isToken('the-admin-token-12')).toBe(false);
    expect(sut.isToken(undefined)).toBe(false);
    expect(sut.cookieValue).not.toContain('the-admin-token');
    expect(sut.isCookie(sut.cookieValue)).toBe(true);
    expect(sut.isCookie(new AdminSession('another-token-456').cookieValue)).toBe(false);
  });
});

describe(cookieNamed.name, () => {
  it('finds one cookie among several', () => {
    expect(cookieNamed('a=1; notify_admin=xyz; b=2', 'notify_admin')).toBe('xyz');
    expect(cookieNamed('notify_admin_other=1', 'notify_admin')).toBeUndefined();
    expect(cookieNamed(undefined, 'notify_admin')).toBeUndefined();
  });
});
