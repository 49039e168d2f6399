// The parser of CNI agent logs (Calico, Cilium, Flannel, Weave, AWS VPC CNI): error classes and MTU statements.
import type { LineScore } from '../parser.js';
import { lineParser } from '../shared/line-parser.js';
import {
  type CniRecord,
  EMBEDDING,
  FLANNEL_SIGNAL,
  KLOG,
  LOGFMT_LEVEL,
  logfmt,
  readCniRecord,
  unwrap,
} from './cni-record.js';

export type CniName = 'calico' | 'cilium' | 'flannel' | 'weave' | 'aws-vpc-cni';

/** One kind of error or warning message (numbers, addresses and quoted values replaced), with its count. */
export interface CniMessageClass {
  cni: CniName;
  level: 'error' | 'warning';
  key: string;
  count: number;
  first?: string;
  last?: string;
  example: string;
}

/** A log line about MTU: a configured value, a value detected from an interface, or a complaint. */
export interface CniMtuStatement {
  cni: CniName;
  kind: 'configured' | 'detected' | 'stated' | 'problem';
  value?: number;
  device?: string;
  /** The address of the interface the MTU was read from (Cilium `ipAddr=`). */
  ip?: string;
  line: string;
}

/** Dataplane failures an agent logs at warning or error level, by what failed. */
export type CniProblem = 'route' | 'conntrack' | 'ipam' | 'dataplane' | 'lease' | 'device';

export interface CniProblemEvent {
  cni: CniName;
  count: number;
  first?: string;
  last?: string;
  /** The first few records, shortened. */
  examples: string[];
}

export interface CniLog {
  cnis: CniName[];
  records: number;
  errors: number;
  warnings: number;
  /** Error and warning classes, most frequent first after `end()`, first 40 classes. */
  classes: CniMessageClass[];
  /** Errors and warnings of classes beyond the first 40. */
  otherClasses: number;
  /** MTU statements, first 12. */
  mtu: CniMtuStatement[];
  /** The node's own IPs as the agent states them (`k8sNodeIP=`, `Using autodetected IPv4 address`), first 4. */
  nodeIps: string[];
  /** Warning and error records that say what failed (routes, conntrack, IPAM, iptables/ipset, lease, device). */
  problems: Partial<Record<CniProblem, CniProblemEvent>>;
}

/** Cheap gate: the first characters every CNI agent log line (or its decoration) starts with. */
const MAYBE = /^(?:[\s│┃]|\d|[IWEF]\d|bird|INFO|WARN|ERRO|DEBU|FATA|level=|time=|ts=|\{"level|\[pod\/|[A-Z][a-z]{2} )/;

function classify(line: string): LineScore {
  if (!MAYBE.test(line)) return 0;
  const { text, program } = unwrap(line);
  if (text === '') return 0;
  const rec = readCniRecord(line);
  if (rec && program) return 2;
  // k3s's other records (kubelet, kube-proxy, its own) are not the CNI's.
  if (program !== undefined && EMBEDDING.test(program)) return 0;
  if (rec) {
    // A generic klog line could be any component: only flannel's own messages start a block.
    if (
      rec.cni === 'flannel' &&
      !FLANNEL_SIGNAL.test(rec.msg) &&
      !/^(?:vxlan_network|route_network|ipmasq)\.go$/.test(rec.where ?? '')
    ) {
      return 1;
    }
    return 2;
  }
  if (KLOG.test(text) || LOGFMT_LEVEL.test(text)) return 1;
  return /^\s/.test(line) ? 1 : 0;
}

/** Replaces the variable parts of a message so that repeats of one problem share a key. */
function messageKey(rec: CniRecord): string {
  const msg = rec.msg
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/\b[0-9a-f]{12,}\b/gi, '…')
    .replace(/\[?[0-9a-f]*:[0-9a-f:]+:[0-9a-f:]*\]?(?::\d+)?/gi, '<ip>')
    .replace(/\b\d+\.\d+\.\d+\.\d+(?:\/\d+)?(?::\d+)?\b/g, '<ip>')
    .replace(/\b\d+(?:\.\d+)?(?:ms|s|m)?\b/g, 'N')
    .replace(/\s+/g, ' ')
    .trim();
  return `${rec.where ? `${rec.where}: ` : ''}${msg}`.slice(0, 120);
}

const MAX_CLASSES = 40;
const MAX_MTU = 12;
const MTU_TROUBLE = /message too long|frag(?:mentation)?[ -]needed|packet too big|EMSGSIZE/i;

function mtuStatement(rec: CniRecord): CniMtuStatement | undefined {
  const text = `${rec.msg} ${rec.line}`;
  const trouble = MTU_TROUBLE.test(text);
  if (!/\bmtu\b/i.test(text) && !trouble) return undefined;
  const line = rec.line.slice(0, 300);
  // A quoted `ip link` line (`mtu 1500 qdisc noop`) is output, not a statement about the MTU.
  if (/\bmtu \d+ qdisc\b/.test(text) && !trouble) return undefined;
  // At info level "EMSGSIZE on send, expecting PMTU update" (weave) is path MTU discovery doing its job.
  if (rec.level !== 'info') return { cni: rec.cni, kind: 'problem', line };
  const cfg =
    /--mtu='?(\d+)'?|Parsed value for (?:VXLANMTU|IpInIpMtu|WireguardMTU|VXLANMTUV6|WireguardMTUV6)\w*: (\d+)|"mtu": ?(\d+)|\bFLANNEL_MTU=(\d+)/i.exec(
      text,
    );
  if (cfg) {
    const value = Number(cfg[1] ?? cfg[2] ?? cfg[3] ?? cfg[4]);
    if (value === 0) return undefined;
    return { cni: rec.cni, kind: 'configured', value, line };
  }
  const n = /\bmtu[=: ]+(\d{3,5})\b/i.exec(text);
  const device = logfmt(rec.line, 'device') ?? logfmt(rec.line, 'interface');
  const st: CniMtuStatement = { cni: rec.cni, kind: /inherit|detect/i.test(rec.msg) ? 'detected' : 'stated', line };
  if (n) st.value = Number(n[1]);
  if (device) st.device = device;
  const ip = logfmt(rec.line, 'ipAddr');
  if (ip) st.ip = ip;
  return st;
}

/** Most specific first; only warning and error records are read. */
const PROBLEMS: [CniProblem, RegExp][] = [
  // flannel's "Error registering network" is about its backend device unless the lease is named.
  ['device', /[Ee]rror registering network: (?!failed to acquire lease|failed to register network)/],
  [
    'lease',
    /failed to acquire lease|Lease has been revoked|[Ee]rror registering network|failed to register network|Couldn't fetch network config|[Ff]ailed to create SubnetManager|pod cidr not assigned/,
  ],
  [
    'ipam',
    /no more free (?:IPs|affinity blocks|IP addresses|addresses)|no IP addresses available in range set|range set \S+ is full|[Ff]ailed to (?:allocate|assign) (?:an? )?(?:IP|address)|failed to request \d+ IPv\d address|IPAM\b.*\b(?:exhausted|no (?:more )?free)|Could not get any IP/,
  ],
  [
    'conntrack',
    /[Ff]ailed to (?:flush|delete|remove|clean ?up|clear) (?:stale )?conntrack|conntrack (?:flush|delete|deletion|removal|command) (?:failed|error)|[Ee]rror (?:flushing|deleting|removing) conntrack/,
  ],
  [
    'route',
    /[Ff]ailed to (?:add|program|set|replace|sync|synchroni[sz]e|syncronise) (?:the )?(?:routes?|routing table)|[Ff]ailed to sync routes|[Ee]rror (?:adding|programming|setting|replacing) routes?|[Ff]ailed to (?:add|ensure) (?:the )?(?:vxlan|ipip|wireguard)? ?routes?|AddRoute\b.*(?:failed|error)/,
  ],
  [
    'dataplane',
    /[Ff]ailed to apply dataplane|[Ff]ailed to program iptables|[Ff]ailed to execute ip6?tables-(?:legacy-|nft-)?restore|ip6?tables-(?:legacy-|nft-)?(?:restore|save)(?: command)? failed|[Ff]ailed to (?:re)?sync(?:hroni[sz]e)? (?:the )?(?:iptables|ipsets?)|[Ff]ailed to (?:apply|complete) (?:the )?(?:dataplane|policy|iptables) update|[Ff]ailed to (?:create|add to|update) ipset/,
  ],
  [
    'device',
    /[Ff]ailed to (?:create|configure|set ?up|ensure|bring up) (?:the )?(?:vxlan|flannel|tunnel|ipip|wireguard)[\w.]* (?:device|interface|tunnel)|[Ee]rror (?:creating|setting up) (?:the )?(?:vxlan|tunnel|ipip) device|failed to ensure address of interface|[Ff]ailed to (?:configure|create) (?:the )?(?:IPIP|VXLAN|wireguard|WireGuard) (?:tunnel|device)/,
  ],
];
/** A route failure about an interface that is gone (a pod torn down under the agent's feet): retried, not a problem. */
const GONE = /no such device|[Ll]ink not found|no such network interface|interface (?:is )?(?:gone|not found)/;
const MAX_PROBLEM_EXAMPLES = 3;

/** The dataplane failure one warning/error record states, if any. */
export function cniProblemOf(text: string): CniProblem | undefined {
  if (/\bMTU\b/i.test(text)) return undefined;
  const problem = PROBLEMS.find(([, re]) => re.test(text))?.[0];
  return problem === 'route' && GONE.test(text) ? undefined : problem;
}

/** The node IP an agent says it uses. */
function nodeIp(rec: CniRecord): string | undefined {
  const m =
    /(?:^|\s)(?:k8sNodeIP|ipAddr\.ipv4)=(\d+\.\d+\.\d+\.\d+)/.exec(rec.line) ??
    /Using (?:autodetected IPv4 address|IPv4 address from environment: IP=) ?(\d+\.\d+\.\d+\.\d+)/.exec(rec.msg) ??
    /Using interface with name \S+ and address (\d+\.\d+\.\d+\.\d+)/.exec(rec.msg);
  return m?.[1];
}

export const cniLogParser = lineParser<CniLog>({
  kind: 'cni-log',
  command:
    /^(?:kubectl\b.*\blogs\b.*(?:calico|cilium|flannel|weave|aws-node|canal)|(?:crictl|docker|nerdctl)\s+logs\b.*(?:calico|cilium|flannel|weave)|cilium(?:-dbg)?\s+monitor|(?:cat|tail|grep|less)\b.*(?:calico|cilium|flannel|weave|aws-routed-eni)\S*)/,
  classify,
  read(notes) {
    const value: CniLog = {
      cnis: [],
      records: 0,
      errors: 0,
      warnings: 0,
      classes: [],
      otherClasses: 0,
      mtu: [],
      nodeIps: [],
      problems: {},
    };
    const byKey = new Map<string, CniMessageClass>();
    return {
      push(raw) {
        if (raw.trim() === '') return;
        const rec = readCniRecord(raw);
        if (!rec) {
          if (!/^\s/.test(raw)) notes.skip('not a CNI agent log record', raw);
          return;
        }
        value.records++;
        if (!value.cnis.includes(rec.cni)) value.cnis.push(rec.cni);
        const mtu = mtuStatement(rec);
        if (mtu && value.mtu.length < MAX_MTU) value.mtu.push(mtu);
        const ip = nodeIp(rec);
        if (ip && !value.nodeIps.includes(ip) && value.nodeIps.length < 4) value.nodeIps.push(ip);
        if (rec.level === 'info') return;
        const problem = cniProblemOf(rec.line);
        if (problem) {
          let ev = value.problems[problem];
          if (!ev) {
            ev = { cni: rec.cni, count: 0, examples: [] };
            value.problems[problem] = ev;
          }
          ev.count++;
          if (rec.time) {
            ev.first ??= rec.time;
            ev.last = rec.time;
          }
          if (ev.examples.length < MAX_PROBLEM_EXAMPLES) ev.examples.push(rec.line.slice(0, 300));
        }
        if (rec.level === 'error') value.errors++;
        else value.warnings++;
        const key = `${rec.level} ${messageKey(rec)}`;
        let cls = byKey.get(key);
        if (!cls) {
          if (byKey.size >= MAX_CLASSES) {
            value.otherClasses++;
            return;
          }
          cls = { cni: rec.cni, level: rec.level, key: messageKey(rec), count: 0, example: rec.line.slice(0, 300) };
          byKey.set(key, cls);
        }
        cls.count++;
        if (rec.time) {
          cls.first ??= rec.time;
          cls.last = rec.time;
        }
      },
      end() {
        value.classes = [...byKey.values()].sort((a, b) => b.count - a.count);
        return value;
      },
    };
  },
});
