// The parser of kubelet's logs (journald, klog, k3s/rke2 single binaries, the container runtime's sandbox errors and
// `kubectl describe` events): the pod-network, CNI, iptables and PLEG problems it logs, counted with examples.
import type { LineScore } from '../parser.js';
import { lineParser } from '../shared/line-parser.js';
import { cniLogParser } from './cni-log.js';
import { kubeProxyLogParser } from './kube-proxy-log.js';
import { isKubeletLine, KUBELET_PROGRAMS, type KubeletLine, readKubeletLine } from './kubelet-record.js';

export type KubeletProblem = 'podNetwork' | 'cniPluginMissing' | 'ipamExhausted' | 'cniNotReady' | 'iptables' | 'pleg';

/** Occurrences of one kind of problem record. */
export interface KubeletEvent {
  count: number;
  first?: string;
  last?: string;
  /** Seconds between the first and the last record, when both carry a time. */
  spanSeconds?: number;
  examples: string[];
}

export interface KubeletLog {
  /** journald tags seen (kubelet, k3s, containerd...). */
  programs: string[];
  records: number;
  errors: number;
  problems: Partial<Record<KubeletProblem, KubeletEvent>>;
  /** kubelet's words about `--random-fully` in its MASQUERADE rule (kubelet before 1.19 logged either). */
  randomFully?: 'supported' | 'unsupported';
  randomFullyLine?: string;
}

/** Programs whose lines this parser reads: kubelet, the binaries that embed it, and the runtimes it drives. */
const PROGRAMS = new RegExp(`${KUBELET_PROGRAMS.source}|^(?:containerd|crio|dockerd)$`);

/** Most specific first: one record counts for one problem. */
const PROBLEMS: [KubeletProblem, RegExp][] = [
  ['cniPluginMissing', /failed to find plugin \\*"[^"\\]+\\*" in path/],
  [
    'ipamExhausted',
    /no IP addresses available in (?:range set|network)|no more free IPs|failed to allocate for range \d+/,
  ],
  [
    'podNetwork',
    /failed to set ?up (?:sandbox container \\*"?\w+\\*"? )?network|networkPlugin cni failed to set up|failed to setup network for sandbox|NetworkPlugin cni failed to set up pod|failed to set up pod \\*"[^"\\]+\\*" network|plugin type=\\*"[\w-]+\\*" failed \(add\)|Error (?:while )?adding (?:to cni )?network|error adding container to network/i,
  ],
  [
    'cniNotReady',
    /network plugin is not ready: cni config uninitiali[sz]ed|cni plugin not initialized|NetworkPluginNotReady|No networks found in \/etc\/cni\/net\.d|no valid networks found in/,
  ],
  [
    'iptables',
    /Failed to ensure (?:that )?(?:(?:nat|filter|mangle) chain|marking rule|rule to|the iptables|iptables)|Failed to ensure [^"]*?chain \S+ (?:exists|jumps)|Failed to (?:initialize|create|sync) (?:the )?iptables (?:rules|chains?|canary)/i,
  ],
  // "pleg has yet to be successful" is printed by every kubelet start, before the first relist.
  ['pleg', /PLEG is not healthy(?!: pleg has yet to be successful)/],
];

const RANDOM_FULLY_NOT = /Not using `?--random-fully`? in the MASQUERADE rule for iptables because the local version/;
const RANDOM_FULLY_YES = /Using `?--random-fully`? in the MASQUERADE rule for iptables/;
/** `kubectl describe` event lines: `Warning  FailedCreatePodSandBox  2m (x12 over 5m)  kubelet  Failed to ...`. */
const EVENT =
  /^\s*(?:\d\d:\d\d:\d\d\s+)?(?:Warning|Normal)\s+(?:FailedCreatePodSandBox|NetworkNotReady|FailedKillPod|SandboxChanged)\s/;

const MAYBE =
  /^(?:[\s│┃]|\d|[IWEF]\d|[A-Z][a-z]{2} |time=|Flag --|Warning|Normal|Failed|[Ee]rror|NetworkPlugin|network)/;
const MAX_EXAMPLES = 3;

/**
 * Benign iptables notices: the KUBE-IPTABLES-HINT chain only tells other components which backend kubelet uses, and
 * "Failed to initialize iptables rules" only sums up the failure logged before it (or a family the node lacks).
 */
const IPTABLES_NOTICE =
  /iptables hint chain|KUBE-IPTABLES-HINT|Failed to initialize iptables rules; some functionality may be missing/;

function problemOf(msg: string): KubeletProblem | undefined {
  const problem = PROBLEMS.find(([, re]) => re.test(msg))?.[0];
  return problem === 'iptables' && IPTABLES_NOTICE.test(msg) ? undefined : problem;
}

function classify(line: string): LineScore {
  if (!MAYBE.test(line)) return 0;
  if (EVENT.test(line)) return 2;
  const rec = readKubeletLine(line);
  if (!rec) return 0;
  if (rec.program !== undefined) {
    if (!PROGRAMS.test(rec.program)) return 0;
    return isKubeletLine(rec) || !claimedElsewhere(line) ? 2 : 0;
  }
  if (rec.file !== undefined) {
    if (isKubeletLine(rec)) return 2;
    return claimedElsewhere(line) ? 0 : 1;
  }
  if (/^Flag --[\w-]+ has been deprecated/.test(rec.text)) return 1;
  return problemOf(rec.msg) ? 2 : 0;
}

/** kube-proxy's and the CNI agents' own lines (k3s logs all three under one tag) go to their parsers. */
function claimedElsewhere(line: string): boolean {
  return kubeProxyLogParser.classify(line) === 2 || cniLogParser.classify(line) === 2;
}

export const kubeletLogParser = lineParser<KubeletLog>({
  kind: 'kubelet-log',
  command:
    /^(?:journalctl\b.*(?:-[a-zA-Z]*u\s*|--unit[= ])(?:kubelet|k3s|k3s-agent|rke2-server|rke2-agent|snap\.microk8s\.daemon-kubelite)|(?:cat|tail|grep|less)\b.*(?:kubelet|k3s)\S*\.log|systemctl\s+status\s+(?:kubelet|k3s))/,
  classify,
  read() {
    const value: KubeletLog = { programs: [], records: 0, errors: 0, problems: {} };
    const firstAt = new Map<KubeletProblem, number>();

    const note = (problem: KubeletProblem, rec: KubeletLine): void => {
      let ev = value.problems[problem];
      if (!ev) {
        ev = { count: 0, examples: [] };
        value.problems[problem] = ev;
      }
      ev.count++;
      if (rec.time !== undefined) {
        ev.first ??= rec.time;
        ev.last = rec.time;
      }
      if (rec.at !== undefined) {
        if (!firstAt.has(problem)) firstAt.set(problem, rec.at);
        const span = rec.at - firstAt.get(problem)!;
        if (span >= 0) ev.spanSeconds = span;
      }
      if (ev.examples.length < MAX_EXAMPLES) ev.examples.push(rec.text.replace(/\s+/g, ' ').slice(0, 300));
    };

    return {
      push(raw) {
        if (raw.trim() === '' || raw.startsWith('-- ')) return;
        const rec = readKubeletLine(raw);
        if (!rec) return;
        value.records++;
        if (rec.program && !value.programs.includes(rec.program) && value.programs.length < 8) {
          value.programs.push(rec.program);
        }
        if (rec.severity === 'E' || rec.severity === 'F') value.errors++;
        if (RANDOM_FULLY_NOT.test(rec.msg)) {
          value.randomFully = 'unsupported';
          value.randomFullyLine = rec.text.slice(0, 200);
        } else if (RANDOM_FULLY_YES.test(rec.msg) && value.randomFully === undefined) {
          value.randomFully = 'supported';
          value.randomFullyLine = rec.text.slice(0, 200);
        }
        const problem = problemOf(EVENT.test(raw) ? raw : rec.msg);
        if (problem) note(problem, rec);
      },
      end() {
        return value;
      },
    };
  },
});
