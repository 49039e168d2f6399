// IPv4 addresses and prefixes as numbers, for the route analyzers.
/** An IPv4 prefix as numbers: `net` is the network address (host bits cleared), `len` the prefix length. */
export interface Ipv4Prefix {
  net: number;
  len: number;
}

export function parseIpv4(address: string): number | undefined {
  const parts = address.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = value * 256 + Number(part);
  }
  return value;
}

/** `10.244.1.0/24` → prefix; `default` → 0.0.0.0/0; undefined for IPv6 or junk. */
export function parsePrefix(dst: string): Ipv4Prefix | undefined {
  if (dst === 'default') return { net: 0, len: 0 };
  const [addr, lenText = '32'] = dst.split('/');
  const ip = parseIpv4(addr ?? '');
  const len = Number(lenText);
  if (ip === undefined || !Number.isInteger(len) || len < 0 || len > 32) return undefined;
  return { net: len === 0 ? 0 : ip - (ip % 2 ** (32 - len)), len };
}

export function contains(outer: Ipv4Prefix, ip: number): boolean {
  return outer.len === 0 || Math.floor(ip / 2 ** (32 - outer.len)) === Math.floor(outer.net / 2 ** (32 - outer.len));
}

export function overlaps(a: Ipv4Prefix, b: Ipv4Prefix): boolean {
  return a.len <= b.len ? contains(a, b.net) : contains(b, a.net);
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}
