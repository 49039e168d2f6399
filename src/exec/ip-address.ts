// IP address recognition and one canonical spelling per address (IPv4, IPv6 with `::`, zones), for node matching.
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIPv4(text: string): boolean {
  return IPV4.test(text);
}

/**
 * The IPv6 address in one comparable form (eight lowercase groups of four hex digits), or undefined when `text` is
 * not one. Accepts `::` shortening, a trailing dotted IPv4 part and a `%zone` (dropped).
 */
export function canonicalIPv6(text: string): string | undefined {
  const address = text.split('%')[0] ?? '';
  if (!address.includes(':') || !/^[0-9A-Fa-f:.]+$/.test(address)) return undefined;
  let groups: string[] = [];
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string): string[] | undefined => {
    if (part === '') return [];
    const items = part.split(':');
    const out: string[] = [];
    for (const [i, item] of items.entries()) {
      if (i === items.length - 1 && item.includes('.')) {
        if (!isIPv4(item)) return undefined;
        const [a, b, c, d] = item.split('.').map(Number) as [number, number, number, number];
        out.push(((a << 8) | b).toString(16), ((c << 8) | d).toString(16));
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(item)) {
        out.push(item);
      } else {
        return undefined;
      }
    }
    return out;
  };
  const head = parse(halves[0] ?? '');
  const tail = halves.length === 2 ? parse(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  if (halves.length === 2) {
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return undefined;
    groups = [...head, ...Array<string>(missing).fill('0'), ...tail];
  } else {
    groups = head;
  }
  if (groups.length !== 8) return undefined;
  return groups.map((g) => g.toLowerCase().padStart(4, '0')).join(':');
}

/** An IP address in a form two spellings of the same address share, or undefined when `text` is not an IP. */
export function canonicalIP(text: string): string | undefined {
  if (isIPv4(text)) return text;
  return canonicalIPv6(text);
}
