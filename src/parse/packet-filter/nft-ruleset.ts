// The parser of `nft list ruleset` and `nft list table`: kube-proxy's nftables tables and their rules, tallied.
import type { LineScore } from '../parser.js';
import { lineParser } from '../shared/line-parser.js';
import { createRuleTally, type RuleTally } from './iptables-rules.js';

export interface NftTable {
  family: string;
  name: string;
  rules: number;
  chains: number;
  /** `kube-proxy`: kube-proxy's nftables mode; `iptables-nft`: tables iptables-nft writes (ip nat, ip filter...). */
  role: 'kube-proxy' | 'iptables-nft' | 'cni' | 'other';
}

/** An element of kube-proxy's `no-endpoint-services` / `no-endpoint-nodeports` verdict maps. */
export interface NftNoEndpoint {
  /** The element comment (`namespace/name:port`), else its key (`10.96.0.10 . udp . 53`). */
  service: string;
  /** `goto reject-chain` (no endpoints at all) → REJECT; `drop` (no local endpoints) → DROP. */
  target: string;
  local: boolean;
  map: string;
}

export interface NftRulesetValue {
  tables: NftTable[];
  rules: number;
  /** `table ip kube-proxy` / `ip6 kube-proxy`: kube-proxy in nftables mode. */
  kubeProxyTable: boolean;
  /** KUBE-* chains inside iptables-nft tables: kube-proxy in iptables mode on the nft backend. */
  iptablesNftKubeChains: number;
  /** Rules of iptables-nft tables in or jumping to kube-proxy's chains (KUBE-SERVICES, KUBE-NODEPORTS, KUBE-SVC-*...). */
  iptablesNftKubeRules: number;
  /** `# Warning: table ip nat is managed by iptables-nft, do not touch!` lines. */
  iptablesNftWarnings: number;
  /** Elements of kube-proxy's `service-ips` map (Service ports programmed). */
  serviceIps: number;
  noEndpoints: { count: number; entries: NftNoEndpoint[] };
  /** The rules, read like iptables rules (chains, targets, comments, MASQUERADE flags). */
  tally: RuleTally;
}

type FrameType = 'table' | 'chain' | 'set' | 'map' | 'elements' | 'block';
interface Frame {
  type: FrameType;
  name: string;
}

const COMMAND = /^nft\s+(?:-\w+\s+)*(?:list|-\w*\s+list)\b/;
const TABLE = /^table\s+(?:(ip|ip6|inet|arp|bridge|netdev)\s+)?(\S+)\s*\{/;
const HEADER = /^(chain|set|map|flowtable|counter|quota|limit|ct\s+\w+|secmark|synproxy)\s+("[^"]*"|\S+)\s*\{/;
const IPTABLES_TABLES = new Set(['nat', 'filter', 'mangle', 'raw', 'security']);
const MAX_TABLES = 50;
/** Chains only kube-proxy writes (kubelet's KUBE-FIREWALL / KUBE-KUBELET-CANARY exist in every mode). */
const KUBE_PROXY_CHAIN =
  /^KUBE-(?:SERVICES|NODEPORTS|EXTERNAL-SERVICES|PROXY-FIREWALL|PROXY-CANARY|FORWARD|POSTROUTING|MARK-MASQ|(?:SVC|SEP|SVL|EXT|FW|XLB)-)/;
const MAX_NO_ENDPOINTS = 200;

function classify(line: string): LineScore {
  const s = line.trim();
  if (s.startsWith('table ')) return TABLE.test(s) ? 2 : 0;
  if (s.startsWith('chain ')) return /^chain\s+\S+\s*\{/.test(s) ? 2 : 0;
  if (s.startsWith('# Warning: table ')) return s.includes('iptables-nft') ? 2 : 1;
  if (s.startsWith('type ')) return /^type\s+\w+\s+hook\s+\w+/.test(s) ? 2 : 1;
  if (s.startsWith('elements = {')) return 2;
  if (/counter packets \d+ bytes \d+/.test(s)) return 2;
  if (s === '}' || /^(?:set|map|flags|policy|comment|elements)\b/.test(s)) return 1;
  if (/^[\s\w.:/,]+\}?$/.test(s) && /^\s/.test(line)) return 1;
  return /\b(?:jump|goto|accept|drop|masquerade|dnat|snat|reject|return|vmap|meta|ct state|ip saddr|ip daddr|iifname|oifname|fib)\b/.test(
    s,
  )
    ? 1
    : 0;
}

export const nftRulesetParser = lineParser<NftRulesetValue>({
  kind: 'nft-ruleset',
  command: COMMAND,
  classify,
  read(notes, context) {
    const tally = createRuleTally();
    const value: Omit<NftRulesetValue, 'tally'> = {
      tables: [],
      rules: 0,
      kubeProxyTable: false,
      iptablesNftKubeChains: 0,
      iptablesNftKubeRules: 0,
      iptablesNftWarnings: 0,
      serviceIps: 0,
      noEndpoints: { count: 0, entries: [] },
    };
    const fromCommand = /\b(?:table|chain|map|set)\s+(?:(ip|ip6|inet|arp|bridge|netdev)\s+)?([\w-]+)/.exec(
      context.command ?? '',
    );
    const stack: Frame[] = [];
    let table: NftTable | undefined;
    let warned = false;

    const openTable = (family: string, name: string, sure: boolean): NftTable => {
      const role: NftTable['role'] =
        name === 'kube-proxy'
          ? 'kube-proxy'
          : warned || ((family === 'ip' || family === 'ip6') && IPTABLES_TABLES.has(name))
            ? 'iptables-nft'
            : /^(?:flannel|calico|cilium|cni|antrea|kube-router)/.test(name)
              ? 'cni'
              : 'other';
      const t: NftTable = { family, name, rules: 0, chains: 0, role };
      if (value.tables.length < MAX_TABLES && (sure || value.tables.length === 0)) value.tables.push(t);
      if (role === 'kube-proxy') value.kubeProxyTable = true;
      warned = false;
      return t;
    };
    const current = (): NftTable => {
      if (!table) {
        // An excerpt that starts inside a table: the command may name it.
        table = openTable(fromCommand?.[1] ?? 'ip', fromCommand?.[2] ?? '?', true);
      }
      return table;
    };

    const onRule = (s: string, chain: string): void => {
      const t = current();
      t.rules++;
      value.rules++;
      const comment = /\bcomment\s+"([^"]*)"/.exec(s)?.[1];
      const body = comment === undefined ? s : s.replace(/\bcomment\s+"[^"]*"/, '');
      const target = nftTarget(body);
      const xtTarget = body.includes('xt target');
      if (t.role === 'iptables-nft' && (KUBE_PROXY_CHAIN.test(chain) || KUBE_PROXY_CHAIN.test(target))) {
        value.iptablesNftKubeRules++;
      }
      tally.add({
        table: t.role === 'iptables-nft' ? t.name : `${t.family} ${t.name}`,
        chain,
        target,
        comment,
        // `xt target "MASQUERADE"` hides its flags: do not claim they are missing.
        randomFully: xtTarget || /\b(?:fully-random|random-fully)\b/.test(body),
        text: s,
        owner: t.role === 'kube-proxy' ? 'kube-proxy' : t.role === 'cni' ? cniOf(t.name) : undefined,
      });
    };

    const onElements = (s: string, map: string): void => {
      const isNoEndpoint = map === 'no-endpoint-services' || map === 'no-endpoint-nodeports';
      if (!isNoEndpoint && map !== 'service-ips') return;
      const body = s.replace(/^elements\s*=\s*\{/, '').replace(/\}\s*$/, '');
      for (const piece of body.split(',')) {
        const p = piece.trim();
        if (p === '') continue;
        if (!isNoEndpoint) {
          value.serviceIps++;
          continue;
        }
        const sep = p.lastIndexOf(' : ');
        const verdict = sep < 0 ? '' : p.slice(sep + 3).trim();
        const comment = /\bcomment\s+"([^"]*)"/.exec(p)?.[1];
        const key = (sep < 0 ? p : p.slice(0, sep)).replace(/\s*comment\s+"[^"]*"/, '').trim();
        const local = verdict === 'drop';
        value.noEndpoints.count++;
        if (value.noEndpoints.entries.length < MAX_NO_ENDPOINTS) {
          value.noEndpoints.entries.push({
            service: comment ?? key,
            target: local ? 'DROP' : verdict.includes('reject') ? 'REJECT' : verdict || '?',
            local,
            map,
          });
        }
      }
    };

    return {
      push(line) {
        const s = line.replace(/\s*# handle \d+\s*$/, '').trim();
        if (s === '') return;
        if (s.startsWith('#')) {
          if (/^# Warning: table .* is managed by iptables-nft/.test(s)) {
            value.iptablesNftWarnings++;
            warned = true;
          }
          return;
        }
        const t = TABLE.exec(s);
        if (t) {
          table = openTable(t[1] ?? 'ip', t[2]!, true);
          stack.length = 0;
          stack.push({ type: 'table', name: t[2]! });
          return;
        }
        const top = stack.at(-1);
        const delta = braceDelta(s);
        const h = HEADER.exec(s);
        if (h) {
          const type: FrameType =
            h[1] === 'chain' ? 'chain' : h[1] === 'set' ? 'set' : h[1] === 'map' ? 'map' : 'block';
          const name = h[2]!.replace(/^"|"$/g, '');
          if (type === 'chain') {
            const tb = current();
            tb.chains++;
            if (tb.name === '?' && /^[A-Z][A-Z0-9_-]+$/.test(name)) tb.role = 'iptables-nft';
            if (tb.role !== 'kube-proxy' && /^KUBE-/.test(name)) {
              if (tb.role === 'other') tb.role = 'iptables-nft';
              if (tb.role === 'iptables-nft') value.iptablesNftKubeChains++;
            }
          }
          if (delta > 0) stack.push({ type, name });
          return;
        }
        if (s.startsWith('elements') && (top?.type === 'map' || top?.type === 'set')) {
          onElements(s, top.name);
          if (delta > 0) stack.push({ type: 'elements', name: top.name });
          return;
        }
        if (top?.type === 'elements') {
          onElements(s, top.name);
          for (let i = 0; i < -delta && stack.length > 0; i++) stack.pop();
          return;
        }
        if (/^\}+$/.test(s)) {
          for (let i = 0; i < s.length && stack.length > 0; i++) {
            if (stack.pop()?.type === 'table') table = undefined;
          }
          return;
        }
        if (top?.type === 'chain' || (top === undefined && stack.length === 0 && looksLikeRule(s))) {
          if (!/^(?:type\s+\w+\s+hook|policy\s|comment\s+"|devices\s*=)/.test(s)) onRule(s, top?.name ?? '?');
          if (delta > 0) stack.push({ type: 'block', name: '' });
          return;
        }
        if (delta > 0) stack.push({ type: 'block', name: '' });
        else if (delta < 0) for (let i = 0; i < -delta && stack.length > 0; i++) stack.pop();
        else if (top === undefined) notes.skip('not an nft line', s);
      },
      end() {
        return { ...value, tally: tally.result() };
      },
    };
  },
});

function looksLikeRule(s: string): boolean {
  return /\b(?:counter|jump|goto|accept|drop|masquerade|dnat|snat|reject|return)\b/.test(s);
}

/** Net `{` minus `}` outside quoted strings. */
function braceDelta(s: string): number {
  let d = 0;
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (!quoted && c === 123) d++;
    else if (!quoted && c === 125) d--;
  }
  return d;
}

const VERDICTS: [RegExp, string][] = [
  [/\bmark set\b/, 'MARK'],
  [/\bmasquerade\b/, 'MASQUERADE'],
  [/\bsnat\b/, 'SNAT'],
  [/\bdnat\b/, 'DNAT'],
  [/\bredirect\b/, 'REDIRECT'],
  [/\breject\b/, 'REJECT'],
  [/\bdrop\b/, 'DROP'],
  [/\baccept\b/, 'ACCEPT'],
  [/\breturn\b/, 'RETURN'],
  [/\bnotrack\b/, 'NOTRACK'],
  [/\blog\b/, 'LOG'],
];

/** The verdict or action of an nft rule, in iptables terms (`jump KUBE-SVC-X` → KUBE-SVC-X, `masquerade` → MASQUERADE). */
export function nftTarget(body: string): string {
  const jump = /\b(?:jump|goto)\s+"?([^\s",}]+)/.exec(body);
  if (jump && !/\bvmap\b/.test(body)) return jump[1]!;
  const xt = /\bxt target "?(\w+)/.exec(body);
  if (xt) return xt[1]!;
  // The action comes last: `ct status dnat ... drop` drops.
  const text = body.replace(/\bct\s+(?:state|status)\s+(?:!=\s*)?\S+/g, '');
  let best = '';
  let at = -1;
  for (const [re, name] of VERDICTS) {
    const m = re.exec(text);
    if (m && m.index > at && !(name === 'MARK' && best !== '')) {
      best = name;
      at = m.index;
    }
  }
  return best;
}

function cniOf(table: string): string {
  const m = /^(flannel|calico|cilium|antrea|kube-router)/.exec(table);
  return m ? m[1]! : 'cni-plugins';
}
