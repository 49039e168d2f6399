// The parser of CoreDNS logs: loops, upstream errors, API-server errors, start-up failures and the `log` plugin's
// query lines (counted by response code), with or without `kubectl logs --timestamps`/`--prefix` and CRI prefixes.
import type { LineScore } from '../parser.js';
import { lineParser } from '../shared/line-parser.js';
import { pushBounded } from '../shared/push-bounded.js';
import {
  type CorednsRecord,
  readCorednsRecord,
  type UpstreamError,
  type UpstreamReason,
  unwrapCorednsLine,
} from './coredns-record.js';

export type { UpstreamError, UpstreamReason };

/** A counted class of lines with its first examples. */
export interface CorednsEvent {
  count: number;
  examples: string[];
}

export interface CorednsLog {
  records: number;
  version?: string;
  /** `plugin/loop: Loop (...) detected` / `Seen "HINFO IN ..." more than twice, loop detected`. */
  loops: CorednsEvent;
  /** `plugin/errors` lines, first 60 kept. */
  upstreamErrors: UpstreamError[];
  omitted: number;
  /** `plugin/errors` lines counted by reason (all of them, kept or not). */
  upstreamCounts: Record<UpstreamReason, number>;
  /** Failed list/watch of the Kubernetes API (`Failed to list *v1.Service: ... i/o timeout`). */
  apiErrors: CorednsEvent;
  /** `plugin/ready: Still waiting on: "kubernetes"`. */
  waitingOnApi: number;
  /** `starting server with unsynced Kubernetes API`: normal at start-up. */
  unsyncedStart: number;
  /** `[FATAL]` lines other than a loop, Corefile parse errors, listen failures: CoreDNS cannot start. */
  startFailures: CorednsEvent;
  /** The `log` plugin's query lines by response code (`NOERROR`, `NXDOMAIN`, `SERVFAIL`...). */
  rcodes: Record<string, number>;
  /** SERVFAIL and REFUSED query lines, first examples. */
  failedQueries: string[];
  /** Query durations of the `log` plugin (seconds), first 200. */
  durations: number[];
  /** Benign lines: configuration reloads, empty import globs, lameduck, version banners. */
  benign: number;
}

const MAX_ERRORS = 60;
const MAX_EXAMPLES = 4;
const MAX_DURATIONS = 200;

function classify(raw: string): LineScore {
  const text = unwrapCorednsLine(raw);
  if (text === '') return 0;
  const rec = readCorednsRecord(text);
  if (!rec) return 0;
  return rec.strong ? 2 : 1;
}

function event(): CorednsEvent {
  return { count: 0, examples: [] };
}

function note(e: CorednsEvent, line: string): void {
  e.count++;
  if (e.examples.length < MAX_EXAMPLES) e.examples.push(line.slice(0, 240));
}

export const corednsLogParser = lineParser<CorednsLog>({
  kind: 'coredns-log',
  command:
    /^(?:kubectl\s+(?:-n\s+\S+\s+)?logs\b.*(?:coredns|kube-dns|k8s-app=kube-dns)|docker\s+logs\s+\S*coredns|coredns\b)/,
  classify,
  read(notes) {
    const value: CorednsLog = {
      records: 0,
      loops: event(),
      upstreamErrors: [],
      omitted: 0,
      upstreamCounts: { timeout: 0, refused: 0, unreachable: 0, 'no-upstream': 0, other: 0 },
      apiErrors: event(),
      waitingOnApi: 0,
      unsyncedStart: 0,
      startFailures: event(),
      rcodes: {},
      failedQueries: [],
      durations: [],
      benign: 0,
    };
    const take = (rec: CorednsRecord, line: string): void => {
      value.records++;
      switch (rec.type) {
        case 'version':
          value.version ??= rec.version;
          value.benign++;
          return;
        case 'loop':
          note(value.loops, line);
          return;
        case 'upstream': {
          const e = rec.upstream!;
          value.upstreamCounts[e.reason]++;
          pushBounded(value, value.upstreamErrors, { ...e, line: line.slice(0, 240) }, MAX_ERRORS);
          return;
        }
        case 'api':
          note(value.apiErrors, line);
          return;
        case 'waiting':
          value.waitingOnApi++;
          return;
        case 'unsynced':
          value.unsyncedStart++;
          return;
        case 'start-failure':
          note(value.startFailures, line);
          return;
        case 'query': {
          const q = rec.query!;
          value.rcodes[q.rcode] = (value.rcodes[q.rcode] ?? 0) + 1;
          if ((q.rcode === 'SERVFAIL' || q.rcode === 'REFUSED') && value.failedQueries.length < MAX_EXAMPLES)
            value.failedQueries.push(line.slice(0, 240));
          if (q.seconds !== undefined && value.durations.length < MAX_DURATIONS) value.durations.push(q.seconds);
          return;
        }
        default:
          value.benign++;
      }
    };
    return {
      push(raw) {
        const text = unwrapCorednsLine(raw);
        if (text === '') return;
        const rec = readCorednsRecord(text);
        if (rec) take(rec, text);
        else notes.skip('not a CoreDNS log line', raw);
      },
      end: () => value,
    };
  },
});
