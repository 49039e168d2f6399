// The parser of `ip route` (any table) and `route -n`: the node's routes.
import type { LineScore } from '../parser.js';
import { lineParser } from '../shared/line-parser.js';
import { pushBounded } from '../shared/push-bounded.js';
import { stripBackticks } from '../shared/strip-backticks.js';

export type RouteType =
  | 'unicast'
  | 'blackhole'
  | 'unreachable'
  | 'prohibit'
  | 'throw'
  | 'local'
  | 'broadcast'
  | 'multicast'
  | 'anycast'
  | 'nat'
  /** `route -n` flag `!`: unreachable, prohibit or blackhole (net-tools cannot tell them apart). */
  | 'reject';

export interface Nexthop {
  via?: string;
  dev?: string;
  weight?: number;
}

/** One route. `dst` is `default` or a prefix with its length (`10.244.1.0/24`, host routes `/32` or `/128`). */
export interface IpRoute {
  type: RouteType;
  dst: string;
  family: 4 | 6;
  via?: string;
  dev?: string;
  proto?: string;
  scope?: string;
  table?: string;
  src?: string;
  metric?: number;
  mtu?: number;
  onlink?: boolean;
  /** Multipath routes: the `nexthop via ... dev ... weight N` lines under the route. */
  nexthops?: Nexthop[];
}

export interface RouteTable {
  routes: IpRoute[];
  omitted: number;
}

const MAX_ROUTES = 5000;
const TYPES = /^(unicast|blackhole|unreachable|prohibit|throw|local|broadcast|multicast|anycast|nat)\s+/;
const DST = String.raw`(?:default|\d{1,3}(?:\.\d{1,3}){3}(?:\/\d{1,2})?|[0-9a-fA-F]*:[0-9a-fA-F:.]*(?:\/\d{1,3})?)`;
const ROUTE = new RegExp(
  String.raw`^(?:(?:unicast|blackhole|unreachable|prohibit|throw|local|broadcast|multicast|anycast|nat)\s+)?${DST}(?:\s+(?:via|dev|proto|scope|table|metric|src|onlink|nhid|pref|mtu|error|expires|linkdown|realm|from|tos|advmss|initcwnd|uid|cache|weight|rtt|hoplimit)\b.*)?$`,
);
const IPV4 = String.raw`\d{1,3}(?:\.\d{1,3}){3}`;
const ROUTE_N = new RegExp(
  String.raw`^(\S+)\s+(\S+)\s+(${IPV4})\s+([UGHRDMAC!]+)\s+(\d+)\s+(\d+|-)\s+(\d+)(?:\s+(\d+))?\s+(\S+)$`,
);
const ROUTE_N6 = /^([0-9a-fA-F:]+\/\d+)\s+([0-9a-fA-F:]+)\s+([UGHRDMAC!ena]+)\s+(\d+)\s+(\d+|-)\s+(\d+)\s+(\S+)$/;

/** True for `ip route` lines (also used by the ip-monitor parser). */
export function isRouteLine(text: string): boolean {
  if (!ROUTE.test(text)) return false;
  if (/\slladdr\s|\s(?:REACHABLE|STALE|DELAY|PROBE|FAILED|INCOMPLETE|PERMANENT|NOARP)\s*$/.test(text)) return false;
  return TYPES.test(text) || /\s(?:via|dev)\s/.test(text) || /^\S+\s+proto\s/.test(text);
}

function classify(raw: string): LineScore {
  const line = stripBackticks(raw);
  const text = line.trim();
  if (text === '') return 0;
  if (/^nexthop\s/.test(text) && text !== line) return 1;
  if (/^(?:Kernel IP(?:v6)? routing table|Destination\s+(?:Gateway|Next Hop)\s+)/.test(text)) return 2;
  if (ROUTE_N.test(text)) return /^(?:\d|default|link-local)/.test(text) ? 2 : 1;
  if (ROUTE_N6.test(text)) return 1;
  if (isRouteLine(text)) return 2;
  return text !== line && /^(?:cache|nexthop)\b/.test(text) ? 1 : 0;
}

/** Reads one `ip route` line; undefined when it is not one. */
export function parseRouteLine(text: string): IpRoute | undefined {
  if (!isRouteLine(text)) return undefined;
  const words = text.split(/\s+/);
  let i = 0;
  let type: RouteType = 'unicast';
  if (TYPES.test(text)) type = words[i++] as RouteType;
  const rawDst = words[i++]!;
  const family: 4 | 6 = rawDst.includes(':') ? 6 : 4;
  const dst = rawDst === 'default' || rawDst.includes('/') ? rawDst : `${rawDst}/${family === 4 ? 32 : 128}`;
  const route: IpRoute = { type, dst, family };
  for (; i < words.length; i++) {
    const key = words[i]!;
    const val = words[i + 1];
    if (key === 'onlink') route.onlink = true;
    if (val === undefined) continue;
    if (key === 'via') route.via = val === 'inet6' || val === 'inet' ? (words[++i + 1] ?? val) : val;
    else if (key === 'dev') route.dev = val;
    else if (key === 'proto') route.proto = val;
    else if (key === 'scope') route.scope = val;
    else if (key === 'table') route.table = val;
    else if (key === 'src') route.src = val;
    else if (key === 'metric' && /^\d+$/.test(val)) route.metric = Number(val);
    else if (key === 'mtu' && /^\d+$/.test(val)) route.mtu = Number(val);
    else continue;
    i++;
  }
  return route;
}

/** `route -n` / `netstat -rn` rows (IPv4 and IPv6). */
function parseRouteN(text: string): IpRoute | undefined {
  const m = ROUTE_N.exec(text);
  if (m) {
    const [, dest, gateway, mask, flags, metric, , , , iface] = m;
    const len = maskLength(mask!);
    const dst = dest === 'default' || (dest === '0.0.0.0' && len === 0) ? 'default' : `${dest}/${len}`;
    const route: IpRoute = {
      type: flags!.includes('!') ? 'reject' : 'unicast',
      dst,
      family: 4,
      metric: Number(metric),
    };
    if (gateway !== '0.0.0.0' && gateway !== '*' && gateway !== '-') route.via = gateway!;
    if (iface !== '-' && iface !== '*') route.dev = iface!;
    return route;
  }
  const v6 = ROUTE_N6.exec(text);
  if (!v6) return undefined;
  const [, dest, hop, flags, metric, , , iface] = v6;
  const route: IpRoute = {
    type: flags!.includes('!') ? 'reject' : 'unicast',
    dst: dest === '::/0' ? 'default' : dest!,
    family: 6,
  };
  route.metric = Number(metric);
  if (hop !== '::') route.via = hop!;
  route.dev = iface!;
  return route;
}

function maskLength(mask: string): number {
  return mask.split('.').reduce((n, octet) => n + (Number(octet) >>> 0).toString(2).replace(/0/g, '').length, 0);
}

export const ipRouteParser = lineParser<RouteTable>({
  kind: 'ip-route',
  command:
    /^(?:ip\s+(?:-\S+\s+)*r(?:o(?:u(?:t(?:e)?)?)?)?(?:\s|$)|route(?:\s+-\w+)*\s*$|route\s+-\w*n|netstat\s+-\w*r)/,
  classify,
  read(notes) {
    const value: RouteTable = { routes: [], omitted: 0 };
    let last: IpRoute | undefined;
    const add = (route: IpRoute): void => {
      last = pushBounded(value, value.routes, route, MAX_ROUTES);
    };
    return {
      push(raw) {
        const line = stripBackticks(raw);
        const text = line.trim();
        if (text === '' || /^(?:Kernel IP|Destination\s)/.test(text) || text === 'cache') return;
        const hop = /^nexthop\s+(.*)$/.exec(text);
        if (hop && last) {
          const words = hop[1]!.split(/\s+/);
          const nexthop: Nexthop = {};
          for (let i = 0; i + 1 < words.length; i++) {
            if (words[i] === 'via') nexthop.via = words[i + 1]!;
            if (words[i] === 'dev') nexthop.dev = words[i + 1]!;
            if (words[i] === 'weight') nexthop.weight = Number(words[i + 1]);
          }
          last.nexthops = [...(last.nexthops ?? []), nexthop].slice(0, 16);
          return;
        }
        const route = parseRouteLine(text) ?? parseRouteN(text);
        if (route) add(route);
        else notes.skip('not a route line', raw);
      },
      end: () => value,
    };
  },
});
