import { isRevokedBy, Principal } from './credential.resolver';

const tenantKey: Principal = { kind: 'tenant', tenantId: 't1', keyHash: 'hash-1', keyId: 'key-1' };
const aliceToken: Principal = { kind: 'user', identity: { tenantId: 't1', userId: 'alice', keyId: 'key-1', epoch: 2 } };
const legacyToken: Principal = { kind: 'user', identity: { tenantId: 't1', userId: 'bob', epoch: 0 } };

describe(isRevokedBy.name, () => {
  it('ends a key connection and every connection of a token that key minted when the key is deleted', () => {
    const notice = { kind: 'key', message: { keyHash: 'hash-1', keyId: 'key-1' } } as const;
    expect([isRevokedBy(tenantKey, notice), isRevokedBy(aliceToken, notice), isRevokedBy(legacyToken, notice)]).toEqual([true, true, false]);
    const other = { kind: 'key', message: { keyHash: 'hash-2', keyId: 'key-2' } } as const;
    expect([isRevokedBy(tenantKey, other), isRevokedBy(aliceToken, other)]).toEqual([false, false]);
  });

  it("ends a user's tokens minted before the new epoch, and only that user's", () => {
    const revoke = (userId: string, epoch: number) => ({ kind: 'user', message: { tenantId: 't1', userId, epoch } }) as const;
    expect(isRevokedBy(aliceToken, revoke('alice', 3))).toBe(true);
    expect(isRevokedBy(aliceToken, revoke('alice', 2))).toBe(false);
    expect(isRevokedBy(aliceToken, revoke('bob', 3))).toBe(false);
    expect(isRevokedBy(legacyToken, revoke('bob', 1))).toBe(true);
    expect(isRevokedBy(tenantKey, revoke('alice', 3))).toBe(false);
    expect(isRevokedBy(aliceToken, { kind: 'user', message: { tenantId: 't2', userId: 'alice', epoch: 9 } })).toBe(false);
  });
});
