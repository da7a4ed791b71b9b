import { BlockList, isIP } from 'node:net';

const blockedV4 = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15],
  ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blockedV4.addSubnet(network, prefix, 'ipv4');

// ::/96 (IPv4-compatible, deprecated) covers :: and ::1; fec0::/10 is the old site-local range; 64:ff9b:1::/48 is
// local-use NAT64. Forms that embed an IPv4 address (mapped, NAT64, 6to4, Teredo) are judged by that address too.
const blockedV6 = new BlockList();
for (const [network, prefix] of [
  ['::', 96], ['64:ff9b:1::', 48], ['100::', 64], ['2001:db8::', 32], ['fc00::', 7],
  ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) blockedV6.addSubnet(network, prefix, 'ipv6');

/**
 * Loopback, private, link-local, CGNAT, benchmarking, documentation, multicast and reserved addresses, and every
 * IPv6 form that carries such an IPv4 address inside it.
 */
export function isPrivateAddress(address: string): boolean {
  const plain = address.replace(/%.*$/, '');
  const family = isIP(plain);
  if (family === 4) return blockedV4.check(plain, 'ipv4');
  if (family !== 6) return false;
  if (blockedV6.check(plain, 'ipv6')) return true;
  return embeddedIPv4(ipv6Hextets(plain)).some((v4) => blockedV4.check(v4, 'ipv4'));
}

/** A URL host that is private without any DNS lookup: an IP literal (any spelling) in a private range, or localhost. */
export function isPrivateLiteralHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const legacy = legacyIPv4(host);
  return isPrivateAddress(legacy ?? host);
}

/** The eight 16-bit groups of a valid IPv6 address, a trailing dotted quad included. */
export function ipv6Hextets(address: string): number[] {
  let text = address;
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number);
    text = text.slice(0, quad.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const parse = (part?: string) => (part ? part.split(':').map((h) => parseInt(h, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  const zeros = tail === undefined ? [] : new Array<number>(8 - left.length - right.length).fill(0);
  return [...left, ...zeros, ...right];
}

function dotted(high: number, low: number): string {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/** IPv4 addresses carried by IPv4-compatible, mapped, translated, NAT64, 6to4 and Teredo addresses. */
function embeddedIPv4(h: number[]): string[] {
  const zeroUpTo = (n: number) => h.slice(0, n).every((x) => x === 0);
  if (zeroUpTo(6) || (zeroUpTo(5) && h[5] === 0xffff) || (zeroUpTo(4) && h[4] === 0xffff && h[5] === 0)) return [dotted(h[6], h[7])];
  if (h[0] === 0x64 && h[1] === 0xff9b && h.slice(2, 6).every((x) => x === 0)) return [dotted(h[6], h[7])];
  if (h[0] === 0x2002) return [dotted(h[1], h[2])];
  // Teredo: server address in groups 2-3, client address obfuscated (bit-inverted) in groups 6-7.
  if (h[0] === 0x2001 && h[1] === 0) return [dotted(h[2], h[3]), dotted(h[6] ^ 0xffff, h[7] ^ 0xffff)];
  return [];
}

/**
 * inet_aton spellings a URL parser may not have normalised: `2130706433`, `0x7f.1`, `0177.0.0.1`. Undefined when
 * the host is not one (a name, or a number out of range).
 */
export function legacyIPv4(host: string): string | undefined {
  const parts = host.split('.');
  if (parts.length > 4 || !parts.every((p) => /^(0x[0-9a-f]*|0[0-7]*|[1-9]\d*)$/i.test(p))) return undefined;
  const numbers = parts.map((p) => (/^0x/i.test(p) ? parseInt(p.slice(2) || '0', 16) : /^0\d/.test(p) ? parseInt(p, 8) : Number(p)));
  const last = numbers.pop()!;
  if (numbers.some((n) => n > 255) || last >= 2 ** (8 * (4 - numbers.length))) return undefined;
  const value = numbers.reduce((sum, n, i) => sum + n * 2 ** (8 * (3 - i)), 0) + last;
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}
