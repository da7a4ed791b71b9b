import jwt from 'jsonwebtoken';
import { UserTokens } from './user-tokens';

const SECRET = 'unit-user-token-secret-0123456789abcdef';

describe(UserTokens.name, () => {
  const sut = new UserTokens(SECRET);

  it('round-trips the minting key and the epoch', () => {
    const { token } = sut.issue({ tenantId: 't1', userId: 'alice', keyId: 'key-1', epoch: 3 }, 60);
    expect(sut.verify(token)).toEqual({ tenantId: 't1', userId: 'alice', keyId: 'key-1', epoch: 3 });
  });

  it('reads a token minted before keys and epochs were recorded as epoch 0 with no key', () => {
    const legacy = jwt.sign({ sub: 'bob', tid: 't1', exp: Math.floor(Date.now() / 1000) + 60 }, SECRET, { algorithm: 'HS256' });
    expect(sut.verify(legacy)).toEqual({ tenantId: 't1', userId: 'bob', keyId: undefined, epoch: 0 });
  });

  it('refuses expired tokens and tokens signed with another secret', () => {
    const expired = sut.issue({ tenantId: 't1', userId: 'alice', epoch: 0 }, 60, Date.now() - 120_000).token;
    const forged = new UserTokens('another-secret-0123456789abcdefgh').issue({ tenantId: 't1', userId: 'alice', epoch: 0 }, 60).token;
    expect([sut.verify(expired), sut.verify(forged)]).toEqual([undefined, undefined]);
  });
});
