// The running counts of a conntrack listing, which both readers (JavaScript and WebAssembly) add their entries to.
import { textOf } from './byte-range.js';
import type { ConntrackBreakdown, TopEntry } from './conntrack-breakdown.js';
import { TCP_STATES } from './conntrack-tcp-states.js';
import { createTopCounter, type SketchRows, TOP_N } from './top-counter.js';

/** A remaining timeout above one day: only possible when the established timeout exceeds kube-proxy's 86400 s. */
export const LONG_TIMEOUT_MIN = 86401;

/** What a conntrack listing's entries add up to so far; both readers (JavaScript, WebAssembly) count into it. */
export interface ConntrackCounts {
  total: number;
  tcp: number;
  udp: number;
  unreplied: number;
  assured: number;
  udpUnreplied: number;
  longTimeout: number;
  maxTimeout: number;
  dnatEntries: number;
  otherProtos: Map<string, number>;
  stateHits: Float64Array;
  otherStates: Map<string, number>;
  /** UDP `[UNREPLIED]` entries by original destination port. */
  udpPorts: Int32Array;
  dnat: ReturnType<typeof createTopCounter>;
  udpDnat: ReturnType<typeof createTopCounter>;
  shown: number | undefined;
}

/** Counts for one listing; `rows` places the top lists' sketches (list 0: all pairs, 1: UDP `[UNREPLIED]` ones). */
export function createCounts(rows?: (list: 0 | 1) => SketchRows): ConntrackCounts {
  return {
    total: 0,
    tcp: 0,
    udp: 0,
    unreplied: 0,
    assured: 0,
    udpUnreplied: 0,
    longTimeout: 0,
    maxTimeout: 0,
    dnatEntries: 0,
    otherProtos: new Map(),
    stateHits: new Float64Array(TCP_STATES.length),
    otherStates: new Map(),
    udpPorts: new Int32Array(65536),
    dnat: createTopCounter(rows?.(0)),
    udpDnat: createTopCounter(rows?.(1)),
    shown: undefined,
  };
}

/** Distinct rare names kept (unknown protocols, states); the rest are counted as `other`. */
const MAX_NAMES = 32;

/** Counts `n` entries named `name` (a protocol, a state) in `counts`, as `other` once MAX_NAMES names are kept. */
export function countName(counts: Map<string, number>, name: string, n = 1): void {
  const key = counts.has(name) || counts.size < MAX_NAMES ? name : 'other';
  counts.set(key, (counts.get(key) ?? 0) + n);
}

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Names a DNATed pair (the original destination `dst=` is not the reply source `src=`, by address or port) in the
 * top lists that want it (their `wants` said so: `wantA` all pairs, `wantB` UDP `[UNREPLIED]` ones), under `hash`.
 * Offsets are of the `dst=` and `src=` tokens in `b`.
 */
export function namePair(
  c: ConntrackCounts,
  b: Uint8Array,
  wantA: boolean,
  wantB: boolean,
  hash: number,
  dst: number,
  dstEnd: number,
  dport: number,
  reply: number,
  replyEnd: number,
  sport: number,
): void {
  const from = hostPort(textOf(b, dst + 4, dstEnd), dport);
  const key = `${from}>${hostPort(textOf(b, reply + 4, replyEnd), sport)}`;
  if (wantA) c.dnat.add(hash, key);
  if (wantB) c.udpDnat.add(hash, key);
}

/** The counts as the public `ConntrackBreakdown`. */
export function breakdownOf(c: ConntrackCounts): ConntrackBreakdown {
  const ports: TopEntry[] = [];
  for (let port = 0; port < 65536; port++)
    if (c.udpPorts[port]! > 0) ports.push({ key: String(port), count: c.udpPorts[port]! });
  ports.sort((a, b) => b.count - a.count || Number(a.key) - Number(b.key));
  const byProto: Record<string, number> = {};
  if (c.tcp > 0) byProto.tcp = c.tcp;
  if (c.udp > 0) byProto.udp = c.udp;
  for (const [name, n] of c.otherProtos) byProto[name] = n;
  const byState: Record<string, number> = {};
  TCP_STATES.forEach((name, i) => {
    if (c.stateHits[i]! > 0) byState[name] = c.stateHits[i]!;
  });
  for (const [name, n] of c.otherStates) byState[name] = (byState[name] ?? 0) + n;
  const out: ConntrackBreakdown = {
    total: c.total,
    byProto,
    byState,
    unreplied: c.unreplied,
    assured: c.assured,
    udpUnreplied: c.udpUnreplied,
    udpUnrepliedDport: ports.slice(0, TOP_N),
    dnat: c.dnat.top(),
    udpUnrepliedDnat: c.udpDnat.top(),
    longTimeout: c.longTimeout,
    longTimeoutMin: LONG_TIMEOUT_MIN,
    maxTimeout: c.maxTimeout,
    dnatEntries: c.dnatEntries,
    approximate: c.dnat.approximate || c.udpDnat.approximate,
  };
  if (c.shown !== undefined) out.shown = c.shown;
  return out;
}
