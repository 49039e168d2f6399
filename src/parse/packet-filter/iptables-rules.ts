// What the packet-filter parsers learn from each rule, tallied with bounded memory as the rules stream by.
/**
 * What the packet-filter parsers (iptables-save, iptables -L, iptables-nft seen through nft) learn from each rule,
 * aggregated as the rules stream by: counts per table and chain group, MASQUERADE rules, "has no endpoints" rules,
 * foreign targets inside kube-proxy's own chains, and which proxy mode and CNI the chains belong to. Bounded memory.
 */
import { agentOfChain, chainGroup, isPerServiceChain } from './chain-names.js';

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
}

const MAX_CHAINS_PER_TABLE = 200;
const MAX_MASQUERADE = 40;
const MAX_NO_ENDPOINTS = 200;
const MAX_CUSTOM = 20;
const MAX_RULE_TEXT = 220;

export interface RuleTallyBuilder {
  add(rule: RuleFacts): void;
  /** Rules counted but not shown (collector budget). */
  addOmitted(table: string, count: number): void;
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

const NO_ENDPOINTS = /^\s*(.*?)\s*has no (local )?endpoints/;
function isIpvsModeRule(rule: RuleFacts): boolean {
  const { chain, text } = rule;
  if (chain === 'KUBE-LOAD-BALANCER' || chain === 'KUBE-NODE-PORT' || chain === 'KUBE-IPVS-FILTER') return true;
  return text.includes('KUBE-CLUSTER-IP') || text.includes('KUBE-LOOP-BACK') || text.includes('KUBE-IPVS-IPS');
}

function masqueradeOwner(rule: RuleFacts): string {
  if (rule.owner) return rule.owner;
  const { chain, comment = '', text } = rule;
  if (chain === 'KUBE-POSTROUTING' || comment.includes('kubernetes service traffic requiring SNAT'))
    return 'kube-proxy';
  const agent = agentOfChain(chain);
  if (agent && agent !== 'kube-proxy') return agent;
  if (/flanneld? masq/i.test(comment)) return 'flannel';
  if (comment.startsWith('kubelet:') || comment.includes('SNAT outbound cluster traffic')) return 'kubenet';
  if (comment.includes('ip-masq-agent')) return 'ip-masq-agent';
  if (/!\s*-o\s+docker0\b|oifname\s*!=\s*"docker0"/.test(text)) return 'docker';
  return 'other';
}

/** Targets each kube-proxy chain may jump to (iptables and IPVS modes, all versions); `*` = any KUBE-* chain. */
const KUBE_CHAIN_TARGETS: [RegExp, string[]][] = [
  [/^KUBE-POSTROUTING$/, ['RETURN', 'MARK', 'MASQUERADE', 'ACCEPT']],
  [/^KUBE-MARK-(?:MASQ|DROP)$/, ['MARK']],
  [/^KUBE-SEP-/, ['KUBE-MARK-MASQ', 'DNAT']],
  [/^KUBE-(?:SVC|SVL)-/, ['KUBE-SEP-*', 'KUBE-MARK-MASQ']],
  [/^KUBE-(?:FW|XLB|EXT)-/, ['KUBE-*', 'DROP', 'RETURN']],
  [/^KUBE-(?:SERVICES|NODEPORTS|NODE-PORT|LOAD-BALANCER)$/, ['KUBE-*', 'RETURN', 'ACCEPT', 'REJECT', 'DROP']],
  [
    /^KUBE-(?:EXTERNAL-SERVICES|PROXY-FIREWALL|IPVS-FILTER|IPVS-OUT-FILTER|SOURCE-RANGES-FIREWALL)$/,
    ['REJECT', 'DROP', 'RETURN', 'ACCEPT', 'KUBE-*'],
  ],
  [/^KUBE-FORWARD$/, ['ACCEPT', 'DROP']],
];

function isForeignInKubeChain(chain: string, target: string, text: string): boolean {
  if (!chain.startsWith('KUBE-') || target === '') return false;
  const entry = KUBE_CHAIN_TARGETS.find(([re]) => re.test(chain));
  if (!entry) return false;
  const allowed = entry[1];
  if (allowed.includes(target)) return false;
  if (allowed.includes('KUBE-*') && target.startsWith('KUBE-')) return false;
  if (allowed.includes('KUBE-SEP-*') && target.startsWith('KUBE-SEP-')) return false;
  // Userspace proxy era: KUBE-NODEPORTS-* / KUBE-PORTALS-* redirect to the proxy port.
  if (target === 'REDIRECT' && text.includes('KUBE-PORTALS')) return false;
  return true;
}

function shorten(text: string): string {
  const t = text.trim();
  return t.length > MAX_RULE_TEXT ? `${t.slice(0, MAX_RULE_TEXT)}...` : t;
}
