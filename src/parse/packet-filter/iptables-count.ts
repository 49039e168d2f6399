// The parser of rule counts: `iptables-save | wc -l` and the like, and the collector's per-backend counts.
import type { LineScore } from '../parser.js';
import { lineParser } from '../shared/line-parser.js';

export type CountBackend = 'legacy' | 'nft' | 'default';

export interface IptablesCount {
  backend: CountBackend;
  family: 'ipv4' | 'ipv6';
  /** `rules`: `-A` lines; `lines`: every line of an iptables-save (headers too); `list-lines`: `iptables -L | wc -l`. */
  unit: 'rules' | 'lines' | 'list-lines';
  value: number;
  /** Rules in KUBE-* chains (collector). */
  kubeRules?: number;
  /** What the count came from: a collector key or the command. */
  source: string;
}

export interface IptablesCountValue {
  counts: IptablesCount[];
  /** The backend plain `iptables` uses (`iptables -V`, collector `default_backend`). */
  defaultBackend?: 'legacy' | 'nft';
  version?: string;
  legacyTablesWarning: boolean;
  /** Collector: the save binary that holds kube-proxy's rules. */
  kubeRulesIn?: string;
}

const COMMAND =
  /^\(?\s*ip6?tables[\w-]*\b[^|]*\|.*(?:\bwc\s+-l\b|\bgrep\b[^|]*\s(?:-\w*c\w*|--count)\b)|^(?:wc\s+-l|grep\s.*-\w*c)\b.*ip6?tables/;
const COLLECTOR_KEY =
  /^(?:(?:save|nft_default|legacy6?|nft6?)_[a-z_]+|default_backend|iptables_version|kube_rules_in|legacy|nft)=/;
const PREFIXES: Record<string, { backend: CountBackend; family: 'ipv4' | 'ipv6' }> = {
  save: { backend: 'default', family: 'ipv4' },
  nft_default: { backend: 'nft', family: 'ipv4' },
  legacy: { backend: 'legacy', family: 'ipv4' },
  nft: { backend: 'nft', family: 'ipv4' },
  legacy6: { backend: 'legacy', family: 'ipv6' },
  nft6: { backend: 'nft', family: 'ipv6' },
};

function classify(line: string): LineScore {
  const s = line.trim();
  if (COLLECTOR_KEY.test(s)) return 2;
  return /^\d+(?:\s+\S+)?$/.test(s) ? 1 : 0;
}

/** What one `... | wc -l` part of a command counts. */
function describe(part: string): Omit<IptablesCount, 'value'> {
  const tool = /ip6?tables(?:-legacy|-nft)?(?:-save)?/.exec(part)?.[0] ?? 'iptables';
  const backend: CountBackend = tool.includes('-legacy') ? 'legacy' : tool.includes('-nft') ? 'nft' : 'default';
  const family = tool.startsWith('ip6') ? 'ipv6' : 'ipv4';
  // A grep keeps the rule lines (`grep -c '^-A'`, `grep KUBE | wc -l`); without one, wc counts headers too.
  const rulesOnly = /\bgrep\b/.test(part) && !/\bgrep\s+-v\b/.test(part);
  const list = /\s(?:-[A-Za-z]*L[A-Za-z]*|--list)\b/.test(part) && !tool.endsWith('-save');
  const unit = rulesOnly ? 'rules' : list ? 'list-lines' : 'lines';
  return { backend, family, unit, source: part.trim() };
}

export const iptablesCountParser = lineParser<IptablesCountValue>({
  kind: 'iptables-count',
  command: COMMAND,
  classify,
  read(notes, context) {
    const value: IptablesCountValue = { counts: [], legacyTablesWarning: false };
    const parts = (context.command ?? '')
      .split(/;|&&|\|\|/)
      .filter((p) => /ip6?tables/.test(p) && /\bwc\s+-l\b|\bgrep\b/.test(p))
      .map(describe);
    let numbers = 0;
    const kube = new Map<string, number>();

    const collectorKey = (key: string, raw: string): void => {
      const v = raw.trim();
      if (key === 'default_backend') {
        if (v === 'nft' || v === 'legacy') value.defaultBackend = v;
        return;
      }
      if (key === 'iptables_version') {
        value.version = v;
        if (!value.defaultBackend && /nf_tables/.test(v)) value.defaultBackend = 'nft';
        else if (!value.defaultBackend && /legacy|v1\.[0-7]\./.test(v)) value.defaultBackend = 'legacy';
        return;
      }
      if (key === 'kube_rules_in') {
        value.kubeRulesIn = v;
        return;
      }
      if ((key === 'legacy' || key === 'nft') && /^\d+$/.test(v)) {
        value.counts.push({ ...PREFIXES[key]!, unit: 'rules', value: Number(v), source: `${key}=${v}` });
        return;
      }
      const m = /^(save|nft_default|legacy6?|nft6?)_(rules|kube_rules|warns_legacy_tables)$/.exec(key);
      if (!m) return;
      const prefix = PREFIXES[m[1]!]!;
      if (m[2] === 'warns_legacy_tables') {
        if (v === 'yes') value.legacyTablesWarning = true;
      } else if (!/^\d+$/.test(v)) {
        notes.skip('unreadable count', `${key}=${v}`);
      } else if (m[2] === 'kube_rules') {
        kube.set(m[1]!, Number(v));
      } else {
        value.counts.push({ ...prefix, unit: 'rules', value: Number(v), source: `${key}=${v}` });
      }
    };

    return {
      push(line) {
        const s = line.trim();
        if (s === '') return;
        if (COLLECTOR_KEY.test(s)) {
          // One `key=value` per line (collector), or several on one line (`legacy=0 nft=5210`).
          const pairs = s.includes(' ') && /^\w+=\S+(?:\s+\w+=\S+)+$/.test(s) ? s.split(/\s+/) : [s];
          for (const pair of pairs) {
            const eq = pair.indexOf('=');
            collectorKey(pair.slice(0, eq), pair.slice(eq + 1));
          }
          return;
        }
        const n = /^(\d+)(?:\s+\S+)?$/.exec(s);
        if (n && context.command !== undefined) {
          const part = parts[Math.min(numbers, parts.length - 1)] ?? describe(context.command);
          numbers++;
          value.counts.push({ ...part, value: Number(n[1]) });
          return;
        }
        if (s.includes('iptables-legacy tables present')) {
          value.legacyTablesWarning = true;
          return;
        }
        notes.skip('not a rule count', s);
      },
      end() {
        for (const c of value.counts) {
          const prefix = Object.entries(PREFIXES).find(
            ([k, p]) => c.source.startsWith(`${k}_rules=`) && p.backend === c.backend && p.family === c.family,
          )?.[0];
          const k = prefix ? kube.get(prefix) : undefined;
          if (k !== undefined) c.kubeRules = k;
          if (c.backend === 'default' && value.defaultBackend && c.source.startsWith('save_')) {
            c.backend = value.defaultBackend;
          }
        }
        return value;
      },
    };
  },
});
