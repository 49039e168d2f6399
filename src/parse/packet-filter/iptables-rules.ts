// What the packet-filter parsers learn from each rule, tallied with bounded memory as the rules stream by.
/**
 * What the packet-filter parsers (iptables-save, iptables -L, iptables-nft seen through nft) learn from each rule,
 * aggregated as the rules stream by: counts per table and chain group, MASQUERADE rules, "has no endpoints" rules,
 * foreign targets inside kube-proxy's own chains, and which proxy mode and CNI the chains belong to. Bounded memory.
 */
import { agentOfChain, chainGroup, isPerServiceChain } from './chain-names.js';
import {
  isForeignInKubeChain,
  isIpvsModeRule,
  masqueradeOwner,
  NO_ENDPOINTS,
  ownerOf,
  POD_ACCEPT,
  policyChainAgent,
  shorten,
} from './rule-owners.js';

/** One rule, reduced to what the tally needs. */
export interface RuleFacts {
  table: string;
  chain: string;
  /** `-j`/`-g` target, nft verdict (`jump X` → X, `masquerade` → MASQUERADE), or '' when the rule has none. */
  target: string;
  comment?: string;
  randomFully: boolean;
  /** The rule as printed (for evidence). */
  text: string;
  /** Who wrote the rule, when the table says so (nft tables of kube-proxy or a CNI). */
  owner?: string;
  /** Packets the rule matched, when the dump has counters (`-c`, `-v`). */
  packets?: number;
  /** The rule matches every packet (no address, interface, protocol, port, state, mark or set match). */
  catchAll?: boolean;
}

/** One rule of a built-in filter chain, in order. */
export interface OrderedRule {
  target: string;
  catchAll: boolean;
  /** Who the target chain or comment belongs to: kube-proxy, a CNI, docker, firewalld, ufw... or undefined. */
  owner?: string;
  /** Accepts traffic of a pod network (a CIDR or a pod bridge/tunnel interface). */
  podAccept: boolean;
  rule: string;
}

/** The filter table's INPUT or FORWARD chain: its policy and its first rules, in order. */
export interface BuiltinChain {
  policy?: string;
  rules: OrderedRule[];
  total: number;
}

/** A DROP/REJECT inside a NetworkPolicy chain (Calico, kube-router, Weave, Antrea) that matched packets. */
export interface PolicyDropRule {
  chain: string;
  agent: string;
  target: string;
  packets: number;
  rule: string;
}

export interface MasqueradeRule {
  table: string;
  chain: string;
  /** `kube-proxy`, a CNI name (`calico`, `flannel`, `kindnet`...), `docker` or `other`. */
  owner: string;
  randomFully: boolean;
  rule: string;
}

export interface NoEndpointRule {
  /** `namespace/name:port` as the comment says (older versions: `name:port`). */
  service: string;
  /** REJECT, DROP, KUBE-MARK-DROP... */
  target: string;
  /** "has no local endpoints": a Local traffic policy without an endpoint on this node. */
  local: boolean;
  chain: string;
}

export interface CustomKubeRule {
  table: string;
  chain: string;
  target: string;
  rule: string;
}

export interface TableRuleCount {
  rules: number;
  /** Rules per chain; kube-proxy's per-service chains are grouped (`KUBE-SEP-*`), Calico's per-workload too. */
  chains: Record<string, number>;
}

export interface RuleTally {
  rules: number;
  /** Rules a collector left out of its section (`# netcheck: omitted N rules`), included in `rules`. */
  omitted: number;
  tables: Record<string, TableRuleCount>;
  /** Rules in chains that only kube-proxy's iptables mode writes (KUBE-SVC-*, KUBE-SEP-*...). */
  iptablesModeRules: number;
  /** Rules that only kube-proxy's IPVS mode writes (KUBE-CLUSTER-IP ipset matches, KUBE-LOAD-BALANCER...). */
  ipvsModeRules: number;
  /** Rules of the old userspace proxy (KUBE-PORTALS-*). */
  userspaceRules: number;
  /** Rules per CNI or other agent whose chains are present (calico, cilium, flannel, weave, kube-router...). */
  agents: Record<string, number>;
  masquerade: { count: number; rules: MasqueradeRule[] };
  noEndpoints: { count: number; rules: NoEndpointRule[] };
  customKube: { count: number; rules: CustomKubeRule[] };
  /** The filter table's INPUT and FORWARD chains, when the dump shows them. */
  builtins: { INPUT?: BuiltinChain; FORWARD?: BuiltinChain };
  /** Non-built-in chains holding a catch-all DROP/REJECT (firewalld's and ufw's reject chains...), first 40. */
  rejectingChains: string[];
  /** Whether the dump had packet counters for its rules. */
  counters: boolean;
  /** NetworkPolicy drop rules with packets > 0 (needs counters). */
  policyDrops: { count: number; packets: number; rules: PolicyDropRule[] };
}

const MAX_CHAINS_PER_TABLE = 200;
const MAX_MASQUERADE = 40;
const MAX_NO_ENDPOINTS = 200;
const MAX_CUSTOM = 20;
const MAX_ORDERED = 60;
const MAX_POLICY_DROPS = 20;

export interface RuleTallyBuilder {
  add(rule: RuleFacts): void;
  /** Rules counted but not shown (collector budget). */
  addOmitted(table: string, count: number): void;
  /** A built-in chain's policy (`-P FORWARD DROP`, `:FORWARD DROP [0:0]`, `Chain FORWARD (policy DROP)`). */
  policy(table: string, chain: string, policy: string): void;
  result(): RuleTally;
}

export function createRuleTally(): RuleTallyBuilder {
  const tally: RuleTally = {
    rules: 0,
    omitted: 0,
    tables: {},
    iptablesModeRules: 0,
    ipvsModeRules: 0,
    userspaceRules: 0,
    agents: {},
    masquerade: { count: 0, rules: [] },
    noEndpoints: { count: 0, rules: [] },
    customKube: { count: 0, rules: [] },
    builtins: {},
    rejectingChains: [],
    counters: false,
    policyDrops: { count: 0, packets: 0, rules: [] },
  };
  const builtin = (chain: 'INPUT' | 'FORWARD'): BuiltinChain => {
    let b = tally.builtins[chain];
    if (!b) {
      b = { rules: [], total: 0 };
      tally.builtins[chain] = b;
    }
    return b;
  };
  const noEndpointKeys = new Set<string>();
  const distinctChains = new Map<string, number>();

  const count = (table: string, chain: string, n: number): void => {
    let t = tally.tables[table];
    if (!t) {
      t = { rules: 0, chains: {} };
      tally.tables[table] = t;
    }
    t.rules += n;
    let key = chainGroup(chain);
    if (t.chains[key] === undefined) {
      const distinct = distinctChains.get(table) ?? 0;
      if (distinct >= MAX_CHAINS_PER_TABLE) key = '(other chains)';
      if (t.chains[key] === undefined) distinctChains.set(table, distinct + 1);
    }
    t.chains[key] = (t.chains[key] ?? 0) + n;
  };

  return {
    add(rule) {
      tally.rules++;
      count(rule.table, rule.chain, 1);
      const { chain, target } = rule;
      const perService = isPerServiceChain(chain);
      if (perService || isPerServiceChain(target)) tally.iptablesModeRules++;
      else if (isIpvsModeRule(rule)) tally.ipvsModeRules++;
      if (chain.startsWith('KUBE-PORTALS-') || target.startsWith('KUBE-PORTALS-')) tally.userspaceRules++;
      const agent = rule.owner ?? agentOfChain(chain);
      if (agent && agent !== 'kube-proxy') tally.agents[agent] = (tally.agents[agent] ?? 0) + 1;
      if (target === 'MASQUERADE') {
        tally.masquerade.count++;
        if (tally.masquerade.rules.length < MAX_MASQUERADE) {
          tally.masquerade.rules.push({
            table: rule.table,
            chain,
            owner: masqueradeOwner(rule),
            randomFully: rule.randomFully,
            rule: shorten(rule.text),
          });
        }
      }
      if (rule.packets !== undefined) tally.counters = true;
      if ((chain === 'INPUT' || chain === 'FORWARD') && (rule.table === 'filter' || rule.table === 'unknown')) {
        const b = builtin(chain);
        b.total++;
        if (b.rules.length < MAX_ORDERED) {
          b.rules.push({
            target,
            catchAll: rule.catchAll ?? false,
            owner: ownerOf(target, rule.comment),
            podAccept: target === 'ACCEPT' && POD_ACCEPT.test(rule.text),
            rule: shorten(rule.text),
          });
        }
      }
      if (
        (target === 'DROP' || target === 'REJECT') &&
        rule.catchAll &&
        !/^(?:INPUT|FORWARD|OUTPUT|PREROUTING|POSTROUTING)$/.test(chain) &&
        !tally.rejectingChains.includes(chain) &&
        tally.rejectingChains.length < 40
      ) {
        tally.rejectingChains.push(chain);
      }
      if ((target === 'DROP' || target === 'REJECT') && (rule.packets ?? 0) > 0) {
        const policyAgent = policyChainAgent(chain);
        if (policyAgent && !/\bINVALID\b/.test(rule.text)) {
          tally.policyDrops.count++;
          tally.policyDrops.packets += rule.packets!;
          if (tally.policyDrops.rules.length < MAX_POLICY_DROPS) {
            tally.policyDrops.rules.push({
              chain,
              agent: policyAgent,
              target,
              packets: rule.packets!,
              rule: shorten(rule.text),
            });
          }
        }
      }
      const comment = rule.comment;
      if (comment?.includes('has no ')) {
        const m = NO_ENDPOINTS.exec(comment);
        if (m) {
          tally.noEndpoints.count++;
          const service = m[1]!.replace(/:$/, '').trim();
          const local = m[2] !== undefined;
          const key = `${service}|${local}`;
          if (!noEndpointKeys.has(key) && noEndpointKeys.size < MAX_NO_ENDPOINTS) {
            noEndpointKeys.add(key);
            tally.noEndpoints.rules.push({ service, target: target || '?', local, chain });
          }
        }
      }
      if (isForeignInKubeChain(chain, target, rule.text)) {
        tally.customKube.count++;
        if (tally.customKube.rules.length < MAX_CUSTOM) {
          tally.customKube.rules.push({
            table: rule.table,
            chain,
            target: target || '(none)',
            rule: shorten(rule.text),
          });
        }
      }
    },
    policy(table, chain, policy) {
      if ((chain === 'INPUT' || chain === 'FORWARD') && (table === 'filter' || table === 'unknown')) {
        builtin(chain).policy = policy.toUpperCase();
      }
    },
    addOmitted(table, n) {
      tally.rules += n;
      tally.omitted += n;
      count(table, '(omitted by the collector)', n);
    },
    result() {
      // An excerpt without `*nat`/`*filter`: rules of chains that exist in every table join the one table seen.
      const unknown = tally.tables.unknown;
      const known = Object.keys(tally.tables).filter((t) => t !== 'unknown');
      if (unknown && known.length === 1) {
        const into = tally.tables[known[0]!]!;
        into.rules += unknown.rules;
        for (const [chain, n] of Object.entries(unknown.chains)) into.chains[chain] = (into.chains[chain] ?? 0) + n;
        delete tally.tables.unknown;
      }
      return tally;
    },
  };
}
