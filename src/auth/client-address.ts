import { isIPv4, isIPv6 } from 'node:net';

/**
 * The address a login limit counts by: an IPv4 address as it is (also when Node reports it IPv4-mapped, ::ffff:a.b.c.d),
 * and an IPv6 address by its /64, the block one subscriber gets: counting single IPv6 addresses would let a client
 * take a new one for every try. Express has already resolved X-Forwarded-For from trusted proxies (TRUST_PROXY).
 */
export function clientAddressKey(ip: string | undefined): string {
  const address = (ip ?? '').trim();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped && isIPv4(mapped[1])) return mapped[1];
  if (isIPv4(address)) return address;
  if (isIPv6(address)) return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
  return address || 'unknown';
}

/** The eight groups of an IPv6 address, without a zone. */
function expandIPv6(address: string): string[] {
  const [plain] = address.toLowerCase().split('%');
  const [head, tail] = plain.includes('::') ? plain.split('::') : [plain, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // An embedded IPv4 tail (::1.2.3.4) stands for two groups; only the first four groups are used, so it need not be read.
  const size = right.some((g) => g.includes('.')) || left.some((g) => g.includes('.')) ? 7 : 8;
  const middle = tail === undefined ? [] : Array<string>(Math.max(0, size - left.length - right.length)).fill('0');
  return [...left, ...middle, ...right].map((g) => (g.includes('.') ? g : g.replace(/^0+(?=.)/, '')));
}
