// The parser of `hubble observe` output (compact text, the older table, `-o dict`, `-o json`/jsonpb one per line or
// pretty-printed): flows by verdict, drops by reason and endpoints.
import type { LineScore } from '../parser.js';
import { lineParser } from '../shared/line-parser.js';
import { trimPasted } from '../shared/strip-backticks.js';
import { createDropTally, type DropTally } from './drop-tally.js';
import { endpointPair } from './endpoint-pair.js';

const VERDICTS = 'DROPPED|FORWARDED|TRACED|TRANSLATED|REDIRECTED|AUDIT|ERROR|DENIED|ALLOWED|AUDITED';
const STAMP = String.raw`(?:[A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d(?:\.\d+)?|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?)`;
/** `Jun 10 12:50:15.556 [node]: 10.8.14.163:43006 (world) <> default/deploy-x:8087 (ID:107099) Policy denied DROPPED (TCP Flags: SYN)` */
const COMPACT = new RegExp(
  String.raw`^${STAMP}(?: \[[^\]]*\])?: (\S+)(?: \([^)]*\))? (->|<>|<-|<->) (\S+)(?: \([^)]*\))? (.*?) ?\b(${VERDICTS})\b(?: \(.*\))?\s*$`,
);
/** The table of hubble 0.5-0.7: `TIMESTAMP   SOURCE   DESTINATION   TYPE   VERDICT   SUMMARY` columns. */
const TABLE_ROW = new RegExp(String.raw`^${STAMP}\s{2,}`);
const TABLE_HEADER = /^TIMESTAMP\s+SOURCE\s+DESTINATION\s+TYPE\s+VERDICT\b/;
const DICT =
  /^\s*(TIMESTAMP|SOURCE|DESTINATION|TYPE|VERDICT|SUMMARY|NODE|EVENT TYPE|TRAFFIC DIRECTION|DROP REASON|IS REPLY|POLICY MATCH|POLICY VERDICT|TAGS):\s?(.*)$/;
const VERDICT_WORD = new RegExp(`^(?:${VERDICTS})$`);
const JSON_FLOW = /^\{.*"(?:flow|verdict|drop_reason(?:_desc)?|Type)"\s*:/;
/** Hubble's L7 event types: a DROPPED one is the proxy's policy denial. */
const L7_TYPE = /^(?:http|dns|kafka|l7)-(?:request|response)$/;
const MAX_JSON_LINES = 400;
const MAX_JSON_CHARS = 200_000;

interface JsonEnd {
  ID?: number;
  namespace?: string;
  pod_name?: string;
  labels?: string[];
}
interface JsonFlow {
  verdict?: string;
  drop_reason?: number;
  drop_reason_desc?: string;
  IP?: { source?: string; destination?: string };
  l4?: Record<string, { source_port?: number; destination_port?: number }>;
  source?: JsonEnd;
  destination?: JsonEnd;
  l7?: unknown;
}

function endName(end: JsonEnd | undefined, ip: string | undefined, port?: number): string {
  const base = end?.pod_name ? `${end.namespace ? `${end.namespace}/` : ''}${end.pod_name}` : (ip ?? '?');
  return port === undefined ? base : `${base}:${port}`;
}

function classify(line: string): LineScore {
  const text = trimPasted(line);
  if (text === '') return 0;
  if (text.startsWith('{')) return JSON_FLOW.test(text) ? 2 : 1;
  if (TABLE_HEADER.test(text)) return 2;
  const c = text.charCodeAt(0);
  if ((c >= 65 && c <= 90) || (c >= 48 && c <= 57)) {
    if (COMPACT.test(text)) return 2;
    if (TABLE_ROW.test(text) && new RegExp(`\\s(?:${VERDICTS})\\s`).test(`${text} `)) return 2;
  }
  if (DICT.test(line)) return /^\s*VERDICT:/.test(line) ? 2 : 1;
  if (/^-{5,}$|^[\]}[{,]|^"[\w]+":/.test(text)) return 1;
  return 0;
}

export type HubbleFlows = DropTally & {
  format: 'compact' | 'table' | 'dict' | 'json' | 'unknown';
  /** Policy verdict events that denied (`policy-verdict:none DENIED`), as a tally of their own: the packet they
   * judge is dropped too, and Hubble prints that drop as a separate event only when it saw it. */
  denied: DropTally;
};

export const hubbleFlowsParser = lineParser<HubbleFlows>({
  kind: 'hubble-flows',
  command: /^(?:kubectl\b.*\bexec\b.*\s)?hubble\s+observe\b/,
  classify,
  read(notes) {
    const tally = createDropTally();
    const denied = createDropTally();
    let format: HubbleFlows['format'] = 'unknown';
    let dict: Record<string, string> = {};
    let json: string[] = [];
    let jsonChars = 0;
    let depth = 0;

    const flow = (verdict: string, type: string, source: string, arrow: string, destination: string, line: string) => {
      if (verdict === 'DENIED' && /^policy-verdict/.test(type)) {
        denied.drop('Policy denied', endpointPair(source, arrow, destination), line);
      }
      if (verdict !== 'DROPPED') {
        tally.verdict(verdict);
        return;
      }
      const reason = type.replace(/\s+(?:INGRESS|EGRESS)$/, '').trim();
      tally.drop(
        // An L7 event type (`http-request DROPPED`): the proxy denied the request by policy.
        L7_TYPE.test(reason) ? 'Policy denied' : reason || 'unknown drop reason',
        endpointPair(source, arrow, destination),
        line,
      );
    };
    const jsonFlow = (text: string, line: string): boolean => {
      let o: { flow?: JsonFlow } & JsonFlow;
      try {
        o = JSON.parse(text) as typeof o;
      } catch {
        return false;
      }
      if (typeof o !== 'object' || o === null) return false;
      const f: JsonFlow = o.flow ?? o;
      if (typeof f.verdict !== 'string') return true;
      format = 'json';
      if (f.verdict !== 'DROPPED') {
        tally.verdict(f.verdict);
        return true;
      }
      const l4 = f.l4 ? Object.values(f.l4)[0] : undefined;
      const pair = endpointPair(
        endName(f.source, f.IP?.source),
        '->',
        endName(f.destination, f.IP?.destination, l4?.destination_port),
      );
      const reason =
        typeof f.drop_reason_desc === 'string' && f.drop_reason_desc !== ''
          ? typeof f.drop_reason === 'number' && f.drop_reason > 0 && /^DROP_REASON_UNKNOWN$/.test(f.drop_reason_desc)
            ? f.drop_reason
            : f.drop_reason_desc
          : typeof f.drop_reason === 'number' && f.drop_reason > 0
            ? f.drop_reason
            : f.l7 !== undefined
              ? 'Policy denied'
              : 'unknown drop reason';
      tally.drop(reason, pair, line);
      return true;
    };

    return {
      push(raw) {
        const text = trimPasted(raw);
        if (depth > 0) {
          json.push(raw);
          jsonChars += raw.length;
          for (const ch of text)
            if (ch === '{') depth++;
            else if (ch === '}') depth--;
          if (depth <= 0 || json.length >= MAX_JSON_LINES || jsonChars >= MAX_JSON_CHARS) {
            if (!jsonFlow(json.join('\n'), json[0]!)) notes.skip('not a hubble flow object', json[0]!);
            json = [];
            jsonChars = 0;
            depth = 0;
          }
          return;
        }
        if (text === '' || TABLE_HEADER.test(text) || /^-{5,}$/.test(text)) return;
        if (text.startsWith('{')) {
          if (jsonFlow(text, text)) return;
          let d = 0;
          for (const ch of text)
            if (ch === '{') d++;
            else if (ch === '}') d--;
          if (d > 0) {
            depth = d;
            json = [raw];
            jsonChars = raw.length;
            return;
          }
          notes.skip('not a hubble flow object', raw);
          return;
        }
        const c = COMPACT.exec(text);
        if (c) {
          format = 'compact';
          flow(c[5]!, c[4]!, c[1]!, c[2]!, c[3]!, text);
          return;
        }
        if (TABLE_ROW.test(text)) {
          const cols = text.replace(new RegExp(`^${STAMP}\\s{2,}`), '').split(/\s{2,}/);
          const at = cols.findIndex((col) => VERDICT_WORD.test(col));
          if (at >= 3) {
            format = 'table';
            flow(cols[at]!, cols[at - 1]!, cols[0]!, '->', cols[1]!, text);
            return;
          }
        }
        const d = DICT.exec(raw);
        if (d) {
          format = 'dict';
          const key = d[1]!;
          if (key === 'TIMESTAMP') dict = {};
          dict[key] = d[2]!.trim();
          if (key === 'VERDICT') {
            const type = dict['DROP REASON'] ?? dict.TYPE ?? '';
            flow(dict.VERDICT!, type, dict.SOURCE ?? '?', '->', dict.DESTINATION ?? '?', raw);
          }
          return;
        }
        notes.skip('not a hubble flow', raw);
      },
      end() {
        return { ...tally.result(), format, denied: denied.result() };
      },
    };
  },
});
