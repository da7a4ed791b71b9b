import { UnprocessableEntityException } from '@nestjs/common';
import { decodeRecoverCursor, encodeRecoverCursor } from './recover-cursor';

const position = { createdAt: '2026-12-01T15:49:51.123456Z', id: '0b8f5a2c-7d1e-4f3a-9c6b-2e4d6f8a0b1c' };

describe('recover cursor', () => {
  it('round-trips the position to the microsecond', () => {
    expect(decodeRecoverCursor(encodeRecoverCursor(position))).toEqual(position);
  });

  it.each([
    ['not base64 of a position', 'hello'],
    ['an impossible day', Buffer.from(`2026-02-30T00:00:00.000000Z~${position.id}`).toString('base64url')],
    ['milliseconds only', Buffer.from(`2026-12-01T15:49:51.123Z~${position.id}`).toString('base64url')],
    ['an id that is no uuid', Buffer.from('2026-12-01T15:49:51.123456Z~x').toString('base64url')],
    ['a year before 1970', Buffer.from(`0000-01-01T00:00:00.000000Z~${position.id}`).toString('base64url')],
  ])('refuses %s with a 422', (_, cursor) => {
    expect(() => decodeRecoverCursor(cursor)).toThrow(UnprocessableEntityException);
  });
});
