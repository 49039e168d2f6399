// The parser of kube-proxy's logs: the records that tell its mode and the problems it logs, counted with examples.
import type { LineScore } from '../parser.js';
import { lineParser } from '../shared/line-parser.js';
import { KUBELET_FILES } from './kubelet-record.js';

/** Occurrences of one kind of kube-proxy log record. */
export interface KubeProxyEvent {
  count: number;
  first?: string;
  last?: string;
  /** The first few records, shortened. */
  examples: string[];
}

export type KubeProxyProblem = 'hashsize' | 'cleanup' | 'sync' | 'brNetfilter' | 'start';

export interface KubeProxyLog {
  /** Log records read (a multi-line `err=<` value is one record). */
  records: number;
  errors: number;
  warnings: number;
  /** Proxy modes announced (`Using ipvs Proxier`), in order, with the line that said so. */
  modes: { mode: string; line: string }[];
  /** Fallbacks (`Can't use ipvs proxier, trying iptables proxier`). */
  fallbacks: string[];
  /** Conntrack sysctls and the hashsize kube-proxy set: key (`nf_conntrack_max`, `hashsize`, ...) to value. */
  conntrack: Record<string, { value: number; line: string }>;
  problems: Partial<Record<KubeProxyProblem, KubeProxyEvent>>;
  /** kube-proxy's words about `--random-fully` (1.16-1.18 logged whether its iptables supports it). */
  randomFully?: { supported: boolean; line: string };
  /** How long rule syncs took (`syncProxyRules took 2.1s`, `"SyncProxyRules complete" elapsed="2.1s"`). */
  syncs: { count: number; maxSeconds: number; line?: string };
}

const MAX_EXAMPLES = 3;
const MAX_RECORD = 2000;
/** `syncProxyRules took 1.2s` (before 1.23), `"SyncProxyRules complete" ipFamily="IPv4" elapsed="1.2s"` (after). */
const SYNC_TOOK =
  /[Ss]yncProxyRules(?:\([^)]*\))? (?:took |complete"?(?: [\w.]+=(?:"[^"]*"|\S+))*? elapsed=")((?:\d+(?:\.\d+)?(?:h|ms|µs|us|ns|m|s))+)/;

/** Seconds of a Go duration (`1m2.5s`, `523.1ms`), or undefined. */
export function goDurationSeconds(text: string): number | undefined {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(h|ms|µs|us|ns|m|s)/g)];
  if (parts.length === 0) return undefined;
  const unit: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 1e-3, µs: 1e-6, us: 1e-6, ns: 1e-9 };
  return parts.reduce((sum, p) => sum + Number(p[1]) * unit[p[2]!]!, 0);
}

interface Record0 {
  severity?: string;
  time?: string;
  file?: string;
  body: string;
  line: string;
}

/** klog: `I0101 12:00:00.123456   1 proxier.go:1234] msg`; pastes may lose the letter or the whole header. */
const KLOG = /^(?:([IWEF]?)(\d{4} \d\d:\d\d:\d\d\.\d+)\s+\d+\s+)?([\w.-]+\.go):\d+\] ?(.*)$/;
const CRI = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)? (?:stdout|stderr) [FP] ?/;
const TIMESTAMPS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d) (?=[IWEF]\d{4} )/;
const JOURNAL = /^(?:[A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d(?:\.\d+)?|\d{4}-\d\d-\d\dT\S+) \S+ ([\w.@-]+)\[\d+\]: ?/;
const POD_PREFIX = /^(?:\[pod\/[^\]\s]+\]|kube-proxy-[\w-]+ kube-proxy) /;

/** Strips container runtime, journald and `kubectl logs --prefix` decoration. `program` is the journald tag. */
function unwrap(raw: string): { text: string; program?: string } {
  let text = raw.replace(/^[\s│┃]+/, '').trimEnd();
  if (text.startsWith('{"log":"')) {
    try {
      const log = (JSON.parse(text) as { log?: unknown }).log;
      if (typeof log === 'string') text = log.trim();
    } catch {
      // a cut JSON line: read it as text
    }
  }
  text = text.replace(CRI, '').replace(TIMESTAMPS, '').replace(POD_PREFIX, '');
  const j = JOURNAL.exec(text);
  if (j) return { text: text.slice(j[0].length), program: j[1]! };
  return { text };
}

const KUBE_PROXY_FILES = new Set([
  'server_others.go',
  'server_linux.go',
  'proxier.go',
  'conntrack.go',
  'cleanup.go',
  'endpointslicecache.go',
  'bounded_frequency_runner.go',
  'proxier_health.go',
  'meta_proxier.go',
  'graceful_termination.go',
  'servicechangetracker.go',
  'endpointschangetracker.go',
  'ipset.go',
]);

const MODE = /Using (iptables|ipvs|nftables|userspace|kernelspace|winkernel) [Pp]rox(?:ier|y)\b/;
const UNKNOWN_MODE = /Unknown proxy mode "[^"]*", assuming (iptables|ipvs|nftables|userspace) proxy/;
const NFT_MODE = /nftables sync failed|Reloading service nftables data|Syncing nftables rules|"?Using nftables/;
const IPVS_MODE = /\bIPVS (?:service|virtual server|destination)|Syncing ipvs [Pp]roxier rules/;
const FALLBACK = /Can't use (?:the )?ipvs proxier|trying iptables proxier|Can't use the IPVS proxier/i;
const SETTINGS: [RegExp, string | undefined][] = [
  [/Setting nf_conntrack_max to (\d+)/, 'nf_conntrack_max'],
  [/"Setting nf_conntrack_max" nfConntrackMax=(\d+)/, 'nf_conntrack_max'],
  [/Setting conntrack hashsize to (\d+)/, 'hashsize'],
  [/"Setting conntrack hashsize" conntrackHashsize=(\d+)/, 'hashsize'],
  [/Set sysctl '?net\/netfilter\/(nf_conntrack_\w+)'? to (\d+)/, undefined],
  [/"Set sysctl" entry="?net\/netfilter\/(nf_conntrack_\w+)"? value=(\d+)/, undefined],
];
const PROBLEMS: [KubeProxyProblem, RegExp][] = [
  [
    'hashsize',
    /(?:write|open) \/sys\/module\/nf_conntrack\/parameters\/hashsize: |(?:write|open) \/proc\/sys\/net\/netfilter\/nf_conntrack_\w+: (?:read-only|permission|operation)|readOnlySysFS|sysfs is (?:not writable|read-?only)/i,
  ],
  [
    'cleanup',
    /conntrack return(?:ed)? with error|error looking for path of conntrack|"conntrack": executable file not found|Failed to delete stale service|Failed to delete (?:nodeport-related )?endpoint connections|Failed to (?:clear|delete|clean ?up|flush) (?:stale )?conntrack/i,
  ],
  [
    'sync',
    /Failed to execute ip6?tables-restore|ip6?tables-restore failed|nftables sync failed|\bSync failed\b|Failed to (?:ensure|sync|flush|create|list|add|update) [^"]*?(?:chain|rules?|ipset|IPVS|ipvs|virtual server|destination|dummy interface|service\b)|syncProxyRules failed|Could not process rule|^nft: .*(?:Error|Assertion)|^\/dev\/stdin:\d+:[\d-]+: Error: /,
  ],
  ['brNetfilter', /missing br-netfilter module or unset (?:sysctl )?br-nf-call-iptables/],
  ['start', /Error running ProxyServer|"command failed"|^failed to (?:run|start) kube-proxy/i],
];

/** A record kube-proxy prints outside klog (the bare error before it exits, nft's own error lines). */
const STANDALONE =
  /^(?:Error: )?(?:write|open) \/(?:sys\/module\/nf_conntrack|proc\/sys\/net\/netfilter)\/|^\/dev\/stdin:\d+:[\d-]+: Error: |^nft: /;
const CONTINUATION =
  /^(?:-- (?:Logs begin|Journal begins|No entries|Boot )|\s|>\s|Error occurred at line: \d+|Try `ip6?tables-restore|COMMIT$|-[ADINXF] KUBE-|:KUBE-|\*(?:nat|filter|mangle|raw)$|add (?:rule|chain|element|map|set) |\^+\s*$|Flag --[\w-]+ has been deprecated)/;
const SIGNAL =
  /Proxier|proxier|[Ss]yncProxyRules|kube-proxy|nf_conntrack|conntrack filter for cleanup|Setting endpoints for service port name|sync-runner|Syncing (?:iptables|ipvs|nftables) rules|br-netfilter|Tearing down (?:userspace|pure-iptables|inactive rules)|iptables-restore|Reloading service nftables data/;

function isKubeProxyRecord(program: string | undefined, file: string | undefined, body: string): boolean {
  if (program && /^(?:kube-proxy|hyperkube|proxy)$/.test(program)) return true;
  // kubelet ensures chains of its own (KUBE-MARK-DROP, KUBE-FIREWALL): its errors are not kube-proxy's.
  if (program && /^(?:kubelet|kubenswrapper|kubelet-wrapper)$/.test(program)) return false;
  if (file && KUBELET_FILES.has(file)) return false;
  if (file && KUBE_PROXY_FILES.has(file)) return true;
  return SIGNAL.test(body) || PROBLEMS.some(([, re]) => re.test(body));
}

/** Cheap gate: the first characters every kube-proxy log line (or its decoration) starts with. */
const MAYBE =
  /^(?:[\s│┃>^*:]|\d|[IWEF]\d|\{|\[pod\/|kube-proxy-|[A-Z][a-z]{2} |[\w.-]+\.go:\d|Error|write |open |\/dev\/stdin|nft: |-[ADINXF] |COMMIT|add |Flag --|-- |Try `)/;

function classify(line: string): LineScore {
  if (!MAYBE.test(line)) return 0;
  const { text, program } = unwrap(line);
  if (text === '') return program ? 1 : 0;
  const k = KLOG.exec(text);
  if (k) {
    if (isKubeProxyRecord(program, k[3], k[4]!)) return 2;
    // kubelet's own records (k3s and journald pastes mix them in) belong to the kubelet log.
    return KUBELET_FILES.has(k[3]!) || (program !== undefined && /^(?:kubelet|kubenswrapper)$/.test(program)) ? 0 : 1;
  }
  if (STANDALONE.test(text)) return 2;
  if (program) return /^(?:kube-proxy|hyperkube)$/.test(program) ? 2 : 0;
  const json = jsonRecord(text);
  if (json) return isKubeProxyRecord(undefined, json.file, json.body) ? 2 : 1;
  return CONTINUATION.test(line.replace(/^[│┃]/, '')) ? 1 : 0;
}

/** A `--logging-format=json` record: `{"ts":..,"caller":"app/server.go:..","msg":"..","err":".."}`. */
function jsonRecord(text: string): Record0 | undefined {
  if (!text.startsWith('{"ts":')) return undefined;
  try {
    const o = JSON.parse(text) as { msg?: unknown; err?: unknown; caller?: unknown };
    const msg = typeof o.msg === 'string' ? o.msg : '';
    const err = typeof o.err === 'string' ? ` err="${o.err}"` : '';
    const file = typeof o.caller === 'string' ? o.caller.replace(/^.*\//, '').replace(/:\d+$/, '') : undefined;
    const rec: Record0 = { body: `"${msg}"${err}`, line: text };
    if (err) rec.severity = 'E';
    if (file) rec.file = file;
    return rec;
  } catch {
    return undefined;
  }
}

export const kubeProxyLogParser = lineParser<KubeProxyLog>({
  kind: 'kube-proxy-log',
  command:
    /^(?:kubectl\b.*\blogs\b.*kube-proxy|(?:crictl|docker|nerdctl)\s+logs\b.*(?:kube-proxy|proxy)|journalctl\b.*(?:-u\s*|--unit[= ])kube-proxy|(?:cat|tail|grep|less)\b.*kube-proxy.*\.log)/,
  classify,
  read(notes) {
    const value: KubeProxyLog = {
      records: 0,
      errors: 0,
      warnings: 0,
      modes: [],
      fallbacks: [],
      conntrack: {},
      problems: {},
      syncs: { count: 0, maxSeconds: 0 },
    };
    let current: Record0 | undefined;
    let openValue = false;
    let previous: KubeProxyProblem | undefined;

    const record = (r: Record0): void => {
      value.records++;
      if (r.severity === 'E' || r.severity === 'F') value.errors++;
      if (r.severity === 'W') value.warnings++;
      const body = r.body;
      const mode =
        MODE.exec(body)?.[1] ??
        UNKNOWN_MODE.exec(body)?.[1] ??
        (NFT_MODE.test(body) ? 'nftables' : IPVS_MODE.test(body) ? 'ipvs' : undefined);
      if (mode && !value.modes.some((m) => m.mode === mode) && value.modes.length < 4) {
        value.modes.push({ mode, line: r.line.slice(0, 200) });
      }
      if (/Not using `?--random-fully`? in the MASQUERADE rule/.test(body)) {
        value.randomFully = { supported: false, line: r.line.slice(0, 200) };
      } else if (/Using `?--random-fully`? in the MASQUERADE rule/.test(body)) {
        value.randomFully ??= { supported: true, line: r.line.slice(0, 200) };
      }
      const took = SYNC_TOOK.exec(body);
      const seconds = took ? goDurationSeconds(took[1]!) : undefined;
      if (seconds !== undefined) {
        value.syncs.count++;
        if (seconds > value.syncs.maxSeconds) {
          value.syncs.maxSeconds = seconds;
          value.syncs.line = r.line.slice(0, 200);
        }
      }
      if (FALLBACK.test(body) && value.fallbacks.length < MAX_EXAMPLES) value.fallbacks.push(r.line.slice(0, 200));
      for (const [re, key] of SETTINGS) {
        const m = re.exec(body);
        if (!m) continue;
        const name = key ?? m[1]!;
        const n = Number(key ? m[1] : m[2]);
        if (Number.isFinite(n)) value.conntrack[name] = { value: n, line: r.line.slice(0, 200) };
      }
      // One record, one problem: a hashsize write error inside "Error running ProxyServer" is the hashsize problem.
      const hit = PROBLEMS.find(([, re]) => re.test(body));
      const after = previous;
      previous = hit?.[0];
      if (!hit) return;
      // The generic "Sync failed" right after the error that caused it is the same failure.
      if (hit[0] === 'sync' && after === 'sync' && /^"?Sync failed"?(?:\s|$)/.test(body)) return;
      let ev = value.problems[hit[0]];
      if (!ev) {
        ev = { count: 0, examples: [] };
        value.problems[hit[0]] = ev;
      }
      ev.count++;
      if (r.time) {
        ev.first ??= r.time;
        ev.last = r.time;
      }
      if (ev.examples.length < MAX_EXAMPLES) ev.examples.push(r.line.replace(/\s+/g, ' ').slice(0, 300));
    };

    const flush = (): void => {
      if (current) record(current);
      current = undefined;
    };

    return {
      push(raw) {
        if (raw.trim() === '' || raw.startsWith('-- ')) return;
        const { text, program } = unwrap(raw);
        const k = KLOG.exec(text);
        const json = k ? undefined : jsonRecord(text);
        // Inside a multi-line `err=<` value (up to its `>` line) every line belongs to the record, even `nft: ...`.
        const inValue = current !== undefined && openValue && !k && !json;
        if (inValue && text.trim().startsWith('>')) openValue = false;
        if (!inValue && (k || json || STANDALONE.test(text))) {
          flush();
          current = k
            ? { severity: k[1] || undefined, time: k[2], file: k[3]!, body: k[4]!, line: text }
            : (json ?? { body: text, line: text });
          openValue = /=<\s*$/.test(text);
          return;
        }
        if (program !== undefined && text === '') return;
        if (current && current.body.length < MAX_RECORD) {
          // err=< values, restore input dumps, nft's context lines: they belong to the record above.
          const piece = text.trim();
          current.body += `\n${piece}`;
          if (current.line.length < 600) current.line += ` ${piece}`;
          return;
        }
        if (!current) notes.skip('not a kube-proxy log record', raw);
      },
      end() {
        flush();
        return value;
      },
    };
  },
});
