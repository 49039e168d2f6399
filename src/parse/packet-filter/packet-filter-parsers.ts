// The packet-filter family's parser list: iptables, nftables, IPVS and kube-proxy's mode.
import type { Parser } from '../parser.js';
import { iptablesCountParser } from './iptables-count.js';
import { iptablesListParser } from './iptables-list.js';
import { iptablesSaveParser } from './iptables-save.js';
import { ipvsadmParser } from './ipvsadm.js';
import { kubeProxyModeParser } from './kube-proxy-mode.js';
import { nftRulesetParser } from './nft-ruleset.js';

/** Parsers of the packet-filter kinds, most specific first (ties between signatures go to the earlier parser). */
export const PACKET_FILTER_PARSERS: readonly Parser[] = [
  // Before the dump parsers: `iptables-save | wc -l` prints a count, not a dump.
  iptablesCountParser,
  iptablesSaveParser,
  iptablesListParser,
  nftRulesetParser,
  ipvsadmParser,
  kubeProxyModeParser,
];
