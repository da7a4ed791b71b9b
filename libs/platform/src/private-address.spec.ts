import { ipv6Hextets, isPrivateAddress, isPrivateLiteralHost, legacyIPv4 } from './private-address';

describe(isPrivateAddress.name, () => {
  it.each([
    // IPv4 ranges
    '127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1',
    '100.127.255.255', '0.0.0.0', '0.1.2.3', '198.18.0.1', '198.19.255.255', '224.0.0.1', '239.255.255.250',
    '255.255.255.255', '192.0.2.1', '203.0.113.9',
    // IPv6 ranges
    '::1', '::', 'fd00::1', 'fe80::1', 'fe80::1%eth0', 'fec0::1', 'feff::1', 'ff02::1', '64:ff9b:1::a00:1', '2001:db8::1',
    // IPv4-mapped, dotted and hex
    '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:7f00:1', '::FFFF:A9FE:A9FE', '0:0:0:0:0:ffff:c0a8:0101',
    // IPv4-translated, IPv4-compatible
    '::ffff:0:7f00:1', '::127.0.0.1', '::7f00:1', '::8.8.8.8',
    // NAT64, 6to4, Teredo (client 127.0.0.1 inverted = 80ff:fffe)
    '64:ff9b::127.0.0.1', '64:ff9b::a9fe:a9fe', '2002:7f00:1::', '2002:c0a8:101::1', '2001:0:4136:e378:8000:63bf:80ff:fffe',
    '2001:0:a00:1::1',
  ])('refuses %s', (address) => expect(isPrivateAddress(address)).toBe(true));

  it.each([
    '8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '198.20.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8',
    '::ffff:808:808', '64:ff9b::8.8.8.8', '2002:808:808::1', '2001:0:4136:e378:8000:63bf:f7f7:f7f7', 'example.com', '',
  ])('allows %s', (address) => expect(isPrivateAddress(address)).toBe(false));
});

describe(ipv6Hextets.name, () => {
  it('expands compression and a trailing dotted quad', () => {
    expect(ipv6Hextets('::ffff:127.0.0.1')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]);
    expect(ipv6Hextets('2002:7f00:1::')).toEqual([0x2002, 0x7f00, 1, 0, 0, 0, 0, 0]);
    expect(ipv6Hextets('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe(legacyIPv4.name, () => {
  it.each([
    ['2130706433', '127.0.0.1'], ['0x7f000001', '127.0.0.1'], ['017700000001', '127.0.0.1'], ['0x7f.1', '127.0.0.1'],
    ['0177.0.0.1', '127.0.0.1'], ['127.1', '127.0.0.1'], ['10.0x10.1', '10.16.0.1'], ['0', '0.0.0.0'],
  ])('reads %s as %s', (host, address) => expect(legacyIPv4(host)).toBe(address));

  it.each(['example.com', '4294967296', '256.1.1.1', '1.2.3.4.5', '08', '1e3'])('leaves %s alone', (host) => expect(legacyIPv4(host)).toBeUndefined());
});

describe(isPrivateLiteralHost.name, () => {
  it('treats localhost names and bracketed IPv6 literals as private', () => {
    expect(isPrivateLiteralHost('localhost')).toBe(true);
    expect(isPrivateLiteralHost('api.localhost')).toBe(true);
    expect(isPrivateLiteralHost('LOCALHOST.')).toBe(true);
    expect(isPrivateLiteralHost('[::1]')).toBe(true);
    expect(isPrivateLiteralHost('example.com')).toBe(false);
  });

  it('refuses the hosts a URL yields for embedded and integer spellings', () => {
    for (const url of ['http://[::127.0.0.1]/', 'http://[::ffff:7f00:1]/', 'http://[64:ff9b::10.0.0.1]/', 'http://[2002:a00:1::]/', 'http://[fec0::1]/', 'http://2130706433/', 'http://0x7f.1/', 'http://0177.0.0.1/']) {
      expect([url, isPrivateLiteralHost(new URL(url).hostname)]).toEqual([url, true]);
    }
    expect(isPrivateLiteralHost('2130706433')).toBe(true);
    expect(isPrivateLiteralHost('0x08080808')).toBe(false);
  });
});
