// The parser of `ip monitor`: what happened to each route over the watch (added, deleted, changed next hops).
import type { LineScore } from '../parser.js';
import { lineParser } from '../shared/line-parser.js';
import { trimPasted } from '../shared/strip-backticks.js';
import { isRouteLine, parseRouteLine } from './ip-route.js';

/** What `ip monitor` showed for one route (destination, type and table; the next hop may change between events). */
export interface RouteHistory {
  /** `10.244.1.0/24`, with `type`/`table` prefixed when not a plain main-table unicast route. */
  key: string;
  deletes: number;
  adds: number;
  /** Times the route came back after being deleted. */
  readds: number;
  /** Switches between present and deleted (add→delete or delete→add) seen in a row of events. */
  changes: number;
  /** Epoch milliseconds of the first and last event, when the lines carried timestamps. */
  firstAt?: number;
  lastAt?: number;
  /** The first event lines, verbatim (bounded). */
  examples: string[];
}

export interface IpMonitor {
  routes: RouteHistory[];
  /** Route keys beyond the tracked ones. */
  omittedRoutes: number;
  routeEvents: number;
  /** Link, address, neighbour and other events, counted only. */
  otherEvents: number;
  firstAt?: number;
  lastAt?: number;
}

const MAX_ROUTES = 2000;
/** `ip monitor`'s object tags (`[ROUTE]`, `[LINK]`...); never a log level such as CoreDNS's `[INFO]`/`[ERROR]`. */
const TAG =
  /^\[(?:ROUTE|LINK|ADDR|NEIGH|RULE|NETCONF|NSID|PREFIX|MROUTE|NEXTHOP|MADDR|ACADDR|STATS|NEIGHTBL|nsid [^\]]{1,20}|nexthop|route|link|neigh|addr|rule)\]/;
const STAMP = /^\[(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?[^\]]*)\]/;
const TIMESTAMP_LINE = /^Timestamp:\s+(\w{3}\s+\w{3}\s+\d+\s+\d\d:\d\d:\d\d\s+\d{4})\s+(\d+)\s+u(?:sec|s)\b/;

/** Splits the `[timestamp]` and `[ROUTE]` prefixes off an event line. */
function prefixes(text: string): { at?: number; tagged: boolean; rest: string } {
  let rest = text;
  let at: number | undefined;
  let tagged = false;
  for (let guard = 0; guard < 3; guard++) {
    const stamp = STAMP.exec(rest);
    if (stamp) {
      const ms = Date.parse(stamp[1]!.replace(/(\.\d{3})\d+/, '$1'));
      if (!Number.isNaN(ms)) at = ms;
      rest = rest.slice(stamp[0].length).trimStart();
      continue;
    }
    const tag = TAG.exec(rest);
    if (tag) {
      tagged = true;
      rest = rest.slice(tag[0].length).trimStart();
      continue;
    }
    break;
  }
  return at === undefined ? { tagged, rest } : { at, tagged, rest };
}

function classify(raw: string): LineScore {
  const text = trimPasted(raw);
  if (text === '') return 0;
  if (TIMESTAMP_LINE.test(text)) return 2;
  const { at, tagged, rest } = prefixes(text);
  if (rest.startsWith('Deleted ')) {
    const body = rest.slice(8).trim();
    return isRouteLine(body) || /^\d+:\s+\S+|^\S+ dev \S+|\slladdr\s/.test(body) ? 2 : 0;
  }
  if (tagged || at !== undefined) return 2;
  // Plain route, link and neighbour events continue a monitor block; they never start one.
  return isRouteLine(rest) || /^\d+:\s+\S+:?\s|^\S+ dev \S+ lladdr |^(?:Added|Updated)\s/.test(rest) ? 1 : 0;
}

export const ipMonitorParser = lineParser<IpMonitor>({
  kind: 'ip-monitor',
  command: /^ip\s+(?:-\S+\s+)*mon(?:i(?:t(?:o(?:r)?)?)?)?\b/,
  classify,
  read(notes) {
    const value: IpMonitor = { routes: [], omittedRoutes: 0, routeEvents: 0, otherEvents: 0 };
    const byKey = new Map<string, RouteHistory>();
    const lastOp = new Map<string, 'add' | 'delete'>();
    let stamp: number | undefined;
    return {
      push(raw) {
        const text = trimPasted(raw);
        if (text === '') return;
        const ts = TIMESTAMP_LINE.exec(text);
        if (ts) {
          const ms = Date.parse(ts[1]!);
          if (!Number.isNaN(ms)) stamp = ms + Math.floor(Number(ts[2]) / 1000);
          return;
        }
        const { at: lineAt, rest } = prefixes(text);
        const at = lineAt ?? stamp;
        if (at !== undefined) {
          value.firstAt = Math.min(value.firstAt ?? at, at);
          value.lastAt = Math.max(value.lastAt ?? at, at);
        }
        const deleted = rest.startsWith('Deleted ');
        const body = deleted ? rest.slice(8).trim() : rest.replace(/^(?:Added|Updated)\s+/, '');
        const route = parseRouteLine(body);
        if (!route) {
          if (/^\d+:\s|lladdr|^\S+ dev |^Deleted |^(?:Added|Updated) /.test(rest)) value.otherEvents++;
          else notes.skip('not an ip monitor event', raw);
          return;
        }
        value.routeEvents++;
        const prefix = route.type === 'unicast' ? '' : `${route.type} `;
        const key = `${prefix}${route.dst}${route.table && route.table !== 'main' ? ` table ${route.table}` : ''}`;
        let history = byKey.get(key);
        if (!history) {
          if (byKey.size >= MAX_ROUTES) {
            value.omittedRoutes++;
            return;
          }
          history = { key, deletes: 0, adds: 0, readds: 0, changes: 0, examples: [] };
          byKey.set(key, history);
          value.routes.push(history);
        }
        if (deleted) history.deletes++;
        else {
          history.adds++;
          if (lastOp.get(key) === 'delete') history.readds++;
        }
        const previous = lastOp.get(key);
        if (previous !== undefined && previous !== (deleted ? 'delete' : 'add')) history.changes++;
        lastOp.set(key, deleted ? 'delete' : 'add');
        if (at !== undefined) {
          history.firstAt ??= at;
          history.lastAt = at;
        }
        if (history.examples.length < 3) history.examples.push(text.slice(0, 160));
      },
      end: () => value,
    };
  },
});
