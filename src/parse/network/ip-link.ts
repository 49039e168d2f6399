// The parser of `ip link` and `ip addr` (with `-d` details): the node's interfaces, their MTU, state and tunnels.
import type { LineScore } from '../parser.js';
import { lineParser } from '../shared/line-parser.js';
import { pushBounded } from '../shared/push-bounded.js';
import { stripBackticks } from '../shared/strip-backticks.js';

/** One network interface, as `ip link`/`ip addr` or `ifconfig` shows it (the two kinds share this type). */
export interface LinkInfo {
  name: string;
  /** What follows `@` in `veth1234@if3`, `eth0@if12`, `tunl0@NONE`. */
  peer?: string;
  index?: number;
  mtu?: number;
  /** `state` (UP, DOWN, UNKNOWN, LOWERLAYERDOWN) for iproute2; for ifconfig, UP or DOWN from the flags. */
  state?: string;
  /** Interface flags: `UP`, `LOWER_UP`, `NOARP`, `RUNNING`... */
  flags: string[];
  master?: string;
  /** `link/ether`, `link/ipip`, `link/none`, `link/loopback` (ifconfig: `Link encap` / `(Ethernet)`). */
  linkType?: string;
  /** The `-d` details type: `vxlan`, `ipip`, `geneve`, `wireguard`, `veth`, `bridge`, `macvlan`, `gre`, `dummy`... */
  detail?: string;
  /** Tunnel parameters from `ip -d link`: the lower device, local address, VXLAN id and UDP port. */
  tunnel?: { dev?: string; local?: string; remote?: string; id?: number; port?: number; external?: boolean };
  linkNetns?: string;
  addresses: string[];
}

export interface LinkList {
  links: LinkInfo[];
  /** Interfaces beyond the kept ones. */
  omitted: number;
}

export const MAX_LINKS = 1000;
const MAX_ADDRESSES = 6;
const HEADER = /^(?:(\d+):\s+)?([^\s:@]+)(?:@([^\s:]+))?:\s+<([A-Z0-9_,-]*)>(.*)$/;
const BRIEF = /^(\S+?)(?:@(\S+))?\s+(UP|DOWN|UNKNOWN|LOWERLAYERDOWN|DORMANT|NOTPRESENT|TESTING)\s+(.*)$/;
const DETAILS =
  /^(vxlan|ipip|ip6tnl|sit|gre|gretap|ip6gre|geneve|wireguard|veth|bridge|bridge_slave|macvlan|ipvlan|vlan|bond|bond_slave|dummy|tun|vrf|openvswitch|ipoib|team)\b/;
const CONTINUATION =
  /^(?:link\/\S+|inet6?\s|valid_lft|altname|alias|vxlan\s|ipip\s|geneve\s|wireguard|veth|bridge(?:_slave)?\s|macvlan|ipvlan|vlan\s|bond|dummy|tun\s|gre|ip6tnl|sit\s|openvswitch|addrgenmode|RX:|TX:|\d+\s+\d+\s+\d+\s+\d+|prog\/|xdp|vf\s|netns|link-netns)/;

function classify(raw: string): LineScore {
  const line = stripBackticks(raw);
  const text = line.trimStart();
  const header = HEADER.exec(text);
  if (header) return /\smtu\s+\d/.test(text) ? 2 : header[1] !== undefined ? 1 : 0;
  if (text !== line && CONTINUATION.test(text)) return 1;
  const brief = BRIEF.exec(text);
  if (brief) return /<[A-Z_,]+>\s*$/.test(brief[4]!) ? 2 : /^[\da-f:./\s]+$/i.test(brief[4]!) ? 1 : 0;
  return 0;
}

/** Reads the attributes after `<FLAGS>` on an iproute2 header line (`mtu 1450 qdisc noqueue master cni0 state UP`). */
export function readHeaderTail(link: LinkInfo, tail: string): void {
  const words = tail.trim().split(/\s+/);
  for (let i = 0; i + 1 < words.length; i++) {
    const key = words[i]!;
    const val = words[i + 1]!;
    if (key === 'mtu' && /^\d+$/.test(val)) link.mtu = Number(val);
    else if (key === 'state') link.state = val;
    else if (key === 'master') link.master = val;
    else if (key === 'link-netns' || key === 'link-netnsid') link.linkNetns = val;
  }
}

/** Reads one indented line under an interface (link type, addresses, `-d` tunnel details). */
function readDetail(link: LinkInfo, text: string): void {
  const words = text.split(/\s+/);
  const first = words[0]!;
  if (first.startsWith('link/')) {
    link.linkType = first.slice(5);
    readHeaderTail(link, text.slice(first.length));
    // `ip -d link` prints promiscuity, minmtu/maxmtu and the type details on the same or the next line.
    const rest = /\b(?:maxmtu\s+\d+|promiscuity\s+\d+)\s+(.*)$/.exec(text);
    if (rest) readType(link, rest[1]!);
    return;
  }
  if ((first === 'inet' || first === 'inet6') && words[1]) {
    if (link.addresses.length < MAX_ADDRESSES) link.addresses.push(words[1]);
    return;
  }
  readType(link, text);
}

function readType(link: LinkInfo, text: string): void {
  const cleaned = text.replace(/^(?:[a-z_]+\s+\d+\s*)+/, '');
  const m = DETAILS.exec(cleaned);
  if (!m || link.detail) return;
  link.detail = m[1]!;
  const words = cleaned.split(/\s+/);
  const tunnel: NonNullable<LinkInfo['tunnel']> = {};
  for (let i = 1; i < words.length; i++) {
    const key = words[i]!;
    const val = words[i + 1];
    if (key === 'external') tunnel.external = true;
    if (val === undefined) continue;
    if (key === 'id' && /^\d+$/.test(val)) tunnel.id = Number(val);
    else if (key === 'local' && val !== 'any') tunnel.local = val;
    else if (key === 'remote' && val !== 'any') tunnel.remote = val;
    else if (key === 'dev') tunnel.dev = val;
    else if (key === 'dstport' && /^\d+$/.test(val)) tunnel.port = Number(val);
  }
  if (Object.keys(tunnel).length > 0) link.tunnel = tunnel;
}

export const ipLinkParser = lineParser<LinkList>({
  kind: 'ip-link',
  command: /^ip\s+(?:-\S+\s+)*(?:l(?:i(?:n(?:k)?)?)?|a(?:d(?:d(?:r(?:e(?:s(?:s)?)?)?)?)?)?)(?:\s|$)/,
  classify,
  read(notes) {
    const value: LinkList = { links: [], omitted: 0 };
    let current: LinkInfo | undefined;
    const add = (link: LinkInfo): void => {
      current = pushBounded(value, value.links, link, MAX_LINKS);
    };
    return {
      push(raw) {
        const line = stripBackticks(raw);
        const text = line.trim();
        if (text === '') return;
        const header = HEADER.exec(text);
        if (header) {
          const link: LinkInfo = {
            name: header[2]!,
            index: Number(header[1]),
            flags: header[4]!.split(','),
            addresses: [],
          };
          if (header[3]) link.peer = header[3];
          // `ip -o link` puts the whole entry on one line, the former continuation lines after a backslash.
          const [tail = '', ...more] = header[5]!.split(/\s+\\\s+/);
          readHeaderTail(link, tail);
          add(link);
          for (const part of more) readDetail(link, part.trim());
          return;
        }
        const brief = BRIEF.exec(text);
        if (brief && line === line.trimStart()) {
          const link: LinkInfo = { name: brief[1]!, state: brief[3]!, flags: [], addresses: [] };
          if (brief[2]) link.peer = brief[2];
          const flags = /<([A-Z0-9_,-]*)>\s*$/.exec(brief[4]!);
          if (flags) link.flags = flags[1]!.split(',');
          else for (const a of brief[4]!.trim().split(/\s+/)) if (a.includes('/')) link.addresses.push(a);
          add(link);
          return;
        }
        if (current && line !== line.trimStart()) {
          readDetail(current, text);
          return;
        }
        notes.skip('not an ip link/addr line', raw);
      },
      end: () => value,
    };
  },
});
