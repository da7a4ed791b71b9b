import { isPrivateAddress, isPrivateLiteralHost } from './private-address';

describe(isPrivateAddress.name, () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1'])(
    'refuses %s', (address) => expect(isPrivateAddress(address)).toBe(true),
  );

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'allows %s', (address) => expect(isPrivateAddress(address)).toBe(false),
  );
});

describe(isPrivateLiteralHost.name, () => {
  it('treats localhost names and bracketed IPv6 literals as private', () => {
    expect(isPrivateLiteralHost('localhost')).toBe(true);
    expect(isPrivateLiteralHost('api.localhost')).toBe(true);
    expect(isPrivateLiteralHost('[::1]')).toBe(true);
    expect(isPrivateLiteralHost('example.com')).toBe(false);
  });
});
