// What a tcpdump DNS trace says about each question: retransmissions, latency, whether the trace saw it unanswered,
// and the A/AAAA pairs sent together from one socket where only one got an answer.
import type { DnsExchange, DnsTcpdump } from '../../parse/dns/dns-tcpdump.js';

/** Sends of the same question at least this far apart are a retry, not the same packet seen twice. */
const RETRY_GAP = 0.4;
/** The longest gap between an A and an AAAA question sent together. */
const PAIR_GAP = 0.05;

export interface ExchangeView {
  ex: DnsExchange;
  /** Gaps between successive sends that are retries (seconds). */
  retries: number[];
  /** First send to first answer, seconds. */
  latency?: number;
  /** No answer while the trace ran at least 2 s past the last send. */
  unanswered: boolean;
}

export interface RacePair {
  answered: ExchangeView;
  lost: ExchangeView;
}

export function viewExchanges(trace: DnsTcpdump): ExchangeView[] {
  return trace.exchanges.map((ex) => {
    const retries: number[] = [];
    for (let i = 1; i < ex.times.length; i++) {
      const gap = ex.times[i]! - ex.times[i - 1]!;
      if (gap >= RETRY_GAP) retries.push(gap);
    }
    const first = ex.times[0];
    const last = ex.times[ex.times.length - 1];
    const view: ExchangeView = {
      ex,
      retries,
      unanswered: !ex.answered && last !== undefined && trace.lastTime !== undefined && trace.lastTime - last >= 2,
    };
    if (ex.answered && first !== undefined && ex.answeredAt !== undefined) view.latency = ex.answeredAt - first;
    return view;
  });
}

/** Lost means retried, unanswered, or answered a second or more after it was sent. */
function lost(v: ExchangeView): boolean {
  return v.retries.length > 0 || v.unanswered || (v.latency !== undefined && v.latency >= 1);
}

/** A and AAAA for the same name sent together from the same socket, one answered at once and the other lost. */
export function racePairs(views: ExchangeView[]): RacePair[] {
  const pairs: RacePair[] = [];
  const a = views.filter((v) => v.ex.qtype === 'A' && v.ex.times.length > 0);
  const aaaa = views.filter((v) => v.ex.qtype === 'AAAA' && v.ex.times.length > 0);
  for (const v4 of a) {
    const v6 = aaaa.find(
      (w) =>
        w.ex.client === v4.ex.client &&
        w.ex.name === v4.ex.name &&
        w.ex.ports[0] === v4.ex.ports[0] &&
        Math.abs(w.ex.times[0]! - v4.ex.times[0]!) <= PAIR_GAP,
    );
    if (!v6) continue;
    const l4 = lost(v4);
    const l6 = lost(v6);
    if (l4 === l6) continue;
    const ok = l4 ? v6 : v4;
    if (ok.latency === undefined || ok.latency >= 1) continue;
    pairs.push({ answered: ok, lost: l4 ? v4 : v6 });
  }
  return pairs;
}

export function describeExchange(v: ExchangeView): string {
  const what = `${v.ex.qtype}? ${v.ex.name} from ${v.ex.client}.${v.ex.ports.join('/')} id ${v.ex.id}`;
  const parts: string[] = [];
  if (v.retries.length > 0) parts.push(`sent again after ${v.retries.map((g) => `${round(g)} s`).join(', ')}`);
  if (v.latency !== undefined)
    parts.push(`answered ${v.ex.rcode ?? ''} after ${round(v.latency)} s`.replace('  ', ' '));
  else if (v.unanswered) parts.push('never answered in the trace');
  return `${what}: ${parts.join(', ')}`;
}

export function round(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}
