// The parser of `cilium-dbg status [--verbose]` (`cilium status` inside the agent before 1.15) and of the summary
// cilium-cli prints (`cilium status` from a workstation): health, kube-proxy replacement, controllers, maps.
import type { LineScore } from '../parser.js';
import { lineParser } from '../shared/line-parser.js';

/** A `Name:   State   message` line (`Cilium:   Ok   1.15.6`, `KVStore:   Failure   Err: ...`). */
export interface StatusState {
  state: string;
  message: string;
}

export interface FailingController {
  name: string;
  failures: number;
  message: string;
}

export interface CiliumStatus {
  /** `Cilium:` (the agent's own verdict). */
  cilium?: StatusState;
  kvstore?: StatusState;
  kubernetes?: StatusState;
  healthDaemon?: StatusState;
  /** `KubeProxyReplacement:` mode word (`True`, `Strict`, `Probe`, `Partial`, `False`, `Disabled`) and the rest. */
  kubeProxyReplacement?: { mode: string; detail: string };
  hostFirewall?: string;
  masquerading?: string;
  hostRouting?: string;
  controllers?: { healthy: number; total: number };
  /** Rows of the controller table with a consecutive failure count, first 20. */
  failingControllers: FailingController[];
  /** `Cluster health: 2/3 reachable`; `unreachable` names the nodes of the verbose table, first 20. */
  clusterHealth?: { reachable: number; total: number; unreachable: string[]; message?: string };
  /** `Modules Health:` counts (1.15+), when printed. */
  modules?: Record<string, number>;
  /** BPF map sizes (`BPF Maps:` table): TCP and non-TCP connection tracking entries. */
  ctMaxTcp?: number;
  ctMaxAny?: number;
  /** cilium-cli: `Errors:` and `Warnings:` lines, first 20 each. */
  errors: string[];
  warnings: string[];
  /** cilium-cli summary (`DaemonSet cilium Desired: 3, Ready: 2/3`), when printed. */
  daemonSet?: { ready: number; desired: number };
  lines: number;
}

const KEY = /^([A-Z][A-Za-z0-9 /()-]*?):(?:\s+(.*))?$/;
const SIGNATURES =
  /^(?:KVStore|KubeProxyReplacement|Kubernetes APIs|Cilium health daemon|NodeMonitor|Controller Status|Cluster health|ClusterMesh|Host Routing|Masquerading|BPF Maps|BandwidthManager|Host firewall|CNI Chaining|CNI Config file|Proxy Status|Hubble|Encryption|IPAM|Clock Source for BPF|Modules Health|Attach Mode|Device Mode|Routing|Global Identity Range|Allocated addresses|IPv4 BIG TCP|IPv6 BIG TCP|Cilium Operator):/;
/** cilium-cli's logo lines around `Cilium: OK`, `Operator: OK`... */
const LOGO = /^[\s/\\¯_]+(?=[A-Z])/;
const CLI_KEYS =
  /^(?:Cilium|Operator|Envoy DaemonSet|Hubble Relay|ClusterMesh|DaemonSet|Deployment|Containers|Cluster Pods|Helm chart version|Image versions|Errors|Warnings)\b/;
const MAX_LIST = 20;

function strip(line: string): string {
  return line
    .replace(/^[│┃]\s?/, '')
    .replace(LOGO, '')
    .trimEnd();
}

function classify(line: string): LineScore {
  const raw = line.trimEnd();
  if (raw.trim() === '') return 0;
  const text = strip(raw);
  if (SIGNATURES.test(text)) return 2;
  if (/^Cilium:\s+(?:Ok|OK|Warning|Failure|Disabled|\d+ errors?)\b/.test(text)) return 2;
  if (/^[\s/\\¯_]*(?:\/¯¯\\|\\__\/)/.test(raw)) return 1;
  if (/^Kubernetes:\s+(?:Ok|Failure|Warning|Disabled)\b/.test(text)) return 1;
  if (/^\s/.test(raw)) return 1;
  if (CLI_KEYS.test(text) || KEY.test(text)) return 1;
  return 0;
}

function state(rest: string): StatusState {
  const m = /^(\S+)\s*(.*)$/.exec(rest.trim());
  return { state: m?.[1] ?? '', message: (m?.[2] ?? '').trim() };
}

export const ciliumStatusParser = lineParser<CiliumStatus>({
  kind: 'cilium-status',
  command: /^(?:kubectl\b.*\bexec\b.*\s)?cilium(?:-dbg)?\s+status\b/,
  classify,
  read(notes) {
    const value: CiliumStatus = { failingControllers: [], errors: [], warnings: [], lines: 0 };
    let table: 'controllers' | 'health' | 'maps' | 'errors' | 'warnings' | undefined;
    let base: number | undefined;
    const health: { name: string; reachable: boolean }[] = [];
    return {
      push(raw) {
        if (raw.trim() === '') return;
        value.lines++;
        const text = strip(raw);
        const logo = /^[\s/\\¯_]*(?:\/¯¯\\|\\__\/)/.test(raw);
        if (logo && text.trim() === '') return;
        // A paste may indent the whole output (CI logs, quotes): rows are indented more than the first key line.
        const lead = /^[\t ]*/.exec(raw)![0].length;
        if (base === undefined && !logo && KEY.test(text.trimStart())) base = lead;
        const indented = !logo && lead > (base ?? 0);
        const ds = /^DaemonSet\s+cilium\s+Desired: (\d+), Ready: (\d+)\/\d+/.exec(text.trimStart());
        if (ds) {
          value.daemonSet = { desired: Number(ds[1]), ready: Number(ds[2]) };
          table = undefined;
          return;
        }
        const kv = indented ? undefined : KEY.exec(text.trimStart());
        if (kv) {
          table = undefined;
          const key = kv[1]!;
          const rest = (kv[2] ?? '').trim();
          switch (key) {
            case 'Cilium':
              value.cilium = state(rest);
              break;
            case 'KVStore':
              value.kvstore = state(rest);
              break;
            case 'Kubernetes':
              value.kubernetes = state(rest);
              break;
            case 'Cilium health daemon':
              value.healthDaemon = state(rest);
              break;
            case 'KubeProxyReplacement': {
              const m = /^(\S+)\s*(.*)$/.exec(rest);
              value.kubeProxyReplacement = { mode: m?.[1] ?? rest, detail: (m?.[2] ?? '').trim() };
              break;
            }
            case 'Host firewall':
              value.hostFirewall = rest;
              break;
            case 'Masquerading':
              value.masquerading = rest;
              break;
            case 'Host Routing':
              value.hostRouting = rest;
              break;
            case 'Controller Status': {
              const m = /^(\d+)\/(\d+) healthy/.exec(rest);
              if (m) value.controllers = { healthy: Number(m[1]), total: Number(m[2]) };
              table = 'controllers';
              break;
            }
            case 'Cluster health': {
              const m = /^(\d+)\/(\d+) reachable/.exec(rest);
              if (m) value.clusterHealth = { reachable: Number(m[1]), total: Number(m[2]), unreachable: [] };
              else value.clusterHealth = { reachable: 0, total: 0, unreachable: [], message: rest };
              table = 'health';
              break;
            }
            case 'Modules Health': {
              const counts: Record<string, number> = {};
              for (const m of rest.matchAll(/([A-Za-z]+)\((\d+)\)/g)) counts[m[1]!] = Number(m[2]);
              value.modules = counts;
              break;
            }
            case 'BPF Maps':
            case 'BPF Map sizes':
              table = 'maps';
              break;
            case 'Errors':
            case 'Warnings': {
              table = key === 'Errors' ? 'errors' : 'warnings';
              const list = key === 'Errors' ? value.errors : value.warnings;
              if (rest !== '' && list.length < MAX_LIST) list.push(rest.replace(/\s+/g, ' '));
              break;
            }
          }
          return;
        }
        const row = text.trim();
        if (table === 'controllers') {
          // Name   Last success   Last error   Count   Message
          const m = /^(.+?)\s{2,}(?:\S+ ago|never)\s+(?:\S+ ago|never)\s+(\d+)\s+(.*)$/.exec(row);
          if (m && Number(m[2]) > 0 && value.failingControllers.length < MAX_LIST) {
            value.failingControllers.push({ name: m[1]!.trim(), failures: Number(m[2]), message: m[3]!.trim() });
          }
          return;
        }
        if (table === 'health') {
          // Name   IP   Node   Endpoints  (or the older  Name  IP  Reachable  Endpoints reachable)
          if (/^Name\s+IP\b/.test(row)) return;
          const cols = row.split(/\s{2,}/);
          if (cols.length >= 3) {
            const bad = cols.slice(2, 4).some((c) => /^(?:unreachable|false)\b/.test(c));
            health.push({ name: cols[0]!, reachable: !bad });
          }
          return;
        }
        if (table === 'maps') {
          const m = /^(.+?)\s+(\d+)$/.exec(row);
          if (m) {
            const name = m[1]!.trim();
            if (/^(?:TCP connection tracking|CT TCP)$/i.test(name)) value.ctMaxTcp = Number(m[2]);
            else if (/^(?:Non-TCP connection tracking|CT Any)$/i.test(name)) value.ctMaxAny = Number(m[2]);
          }
          return;
        }
        if (table === 'errors' || table === 'warnings') {
          const list = table === 'errors' ? value.errors : value.warnings;
          if (list.length < MAX_LIST) list.push(row.replace(/\s+/g, ' '));
          return;
        }
        if (!indented) notes.skip('not a cilium status line', raw);
      },
      end() {
        if (value.clusterHealth) {
          value.clusterHealth.unreachable = health
            .filter((h) => !h.reachable)
            .map((h) => h.name)
            .slice(0, MAX_LIST);
        }
        return value;
      },
    };
  },
});
