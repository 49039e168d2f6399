// One line of a CNI agent's log (Calico felix/bird, Cilium, Flannel, Weave, AWS VPC CNI) read into a record, under any
// journald/syslog prefix and in the agents' own formats (Calico's, klog, Weave's, logfmt, JSON).
import type { CniName } from './cni-log.js';

/** One CNI agent log record: which agent, its level, time, source location and message. */
export interface CniRecord {
  cni: CniName;
  level: 'error' | 'warning' | 'info';
  time?: string;
  where?: string;
  msg: string;
  line: string;
}

const CALICO = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+) \[([A-Z]+)\]\[\d+\] (\S+) \d+: ?(.*)$/;
const BIRD = /^bird6?: (.*)$/;
export const KLOG = /^([IWEF])(\d{4} \d\d:\d\d:\d\d\.\d+)\s+\d+\s+([\w.-]+):\d+\] ?(.*)$/;
const WEAVE = /^(INFO|WARN|ERRO|DEBU|FATA): (\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\.\d+) (.*)$/;
export const LOGFMT_LEVEL = /(?:^|\s)level=(\w+)/;
const FLANNEL_FILES =
  /^(?:flannel|vxlan_network|vxlan|route_network|ipmasq|kube|local_manager|subnet|registry|device|trafficmngr|nftables|iptables|main)\.go$/;
export const FLANNEL_SIGNAL =
  /flannel|Subnet added|subnet\.env|FLANNEL_|VXLAN config|Found network config - Backend type|Using interface with name|Defaulting external address|Wrote subnet file|Running backend|watching for new subnet leases|Current network or subnet|vxlanRoute|Determining IP address of default interface|failed to acquire lease|Lease has been revoked|[Ee]rror registering network|failed to register network/;

const JOURNAL = /^(?:[A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d(?:\.\d+)?|\d{4}-\d\d-\d\dT\S+) \S+ ([\w.@-]+)\[\d+\]: ?/;
const CNI_PROGRAM =
  /^(?:flanneld(?:-start|-wrapper)?|calico-node|calico-felix|bird6?|confd|cilium-agent|weaver?|aws-k8s-agent)$/;
/** Single binaries that run flannel in-process (their flannel records are the CNI's; the rest is kubelet's). */
export const EMBEDDING = /^(?:k3s|k3s-server|k3s-agent|rke2|rke2-server|rke2-agent)$/;

/** Strips container runtime, journald and `kubectl logs --prefix` decoration; `program` is the journald tag. */
export function unwrap(raw: string): { text: string; program?: string } {
  const text = raw
    .replace(/^[\s│┃]+/, '')
    .replace(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d) (?:(?:stdout|stderr) [FP] ?)?(?=\S)/, '')
    .replace(/^\[pod\/[^\]\s]+\] /, '')
    .trimEnd();
  const j = JOURNAL.exec(text);
  return j && (CNI_PROGRAM.test(j[1]!) || EMBEDDING.test(j[1]!))
    ? { text: text.slice(j[0].length), program: j[1]! }
    : { text };
}

/** The value of `key=` in a logfmt line (quoted or bare). */
export function logfmt(text: string, key: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${key}=(?:"((?:[^"\\\\]|\\\\.)*)"|(\\S+))`).exec(text);
  return m ? (m[1] ?? m[2]) : undefined;
}

function level(word: string): CniRecord['level'] {
  const w = word.toLowerCase();
  if (/^(?:e|erro|error|fata|fatal|f|panic|crit|critical)$/.test(w)) return 'error';
  if (/^(?:w|warn|warning)$/.test(w)) return 'warning';
  return 'info';
}

/** Reads one CNI agent log record, or undefined when the line is not one. */
export function readCniRecord(raw: string): CniRecord | undefined {
  const { text, program } = unwrap(raw);
  const c = CALICO.exec(text);
  if (c) return { cni: 'calico', level: level(c[2]!), time: c[1]!, where: c[3]!, msg: c[4]!, line: text };
  const b = BIRD.exec(text);
  if (b) {
    const bad = /\bError\b|Hold timer expired|Connection refused|Socket error|Unexpected connect/i.test(b[1]!);
    return { cni: 'calico', level: bad ? 'warning' : 'info', where: 'bird', msg: b[1]!, line: text };
  }
  const w = WEAVE.exec(text);
  if (w) return { cni: 'weave', level: level(w[1]!), time: w[2]!, msg: w[3]!, line: text };
  const k = KLOG.exec(text);
  if (k) {
    const flanneld = program?.startsWith('flanneld') === true;
    if (!flanneld && !FLANNEL_FILES.test(k[3]!) && !FLANNEL_SIGNAL.test(k[4]!)) return undefined;
    return { cni: 'flannel', level: level(k[1]!), time: k[2]!, where: k[3]!, msg: k[4]!, line: text };
  }
  const lv = LOGFMT_LEVEL.exec(text);
  if (lv && /(?:^|\s)msg=/.test(text) && /(?:^|\s)(?:subsys=|source=\S*cilium)|cilium/i.test(text)) {
    const error = logfmt(text, 'error') ?? logfmt(text, 'err');
    const msg = (logfmt(text, 'msg') ?? '') + (error ? ` error="${error}"` : '');
    const where = logfmt(text, 'subsys') ?? logfmt(text, 'module');
    // The datapath loader logs its shell trace (`set -x`) at warning level: script output, not warnings.
    const trace = where === 'datapath-loader';
    const rec: CniRecord = { cni: 'cilium', level: trace ? 'info' : level(lv[1]!), msg, line: text };
    const time = logfmt(text, 'time') ?? logfmt(text, 'ts');
    if (time) rec.time = time;
    if (where) rec.where = where;
    return rec;
  }
  if (
    text.startsWith('{"level":') &&
    /"caller":"[^"]*(?:ipamd|networkutils|aws-vpc-cni|routed-eni|eniconfig)/.test(text)
  ) {
    try {
      const o = JSON.parse(text) as { level?: unknown; msg?: unknown; ts?: unknown; caller?: unknown };
      const rec: CniRecord = {
        cni: 'aws-vpc-cni',
        level: level(String(o.level)),
        msg: String(o.msg ?? ''),
        line: text,
      };
      if (typeof o.ts === 'string') rec.time = o.ts;
      if (typeof o.caller === 'string') rec.where = o.caller.replace(/:\d+$/, '');
      return rec;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
