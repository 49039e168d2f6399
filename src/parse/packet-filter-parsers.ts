import type { Parser } from './parser.js';
import { iptablesCountParser } from './parsers/iptables-count.js';
import { iptablesListParser } from './parsers/iptables-list.js';
import { iptablesSaveParser } from './parsers/iptables-save.js';
import { ipvsadmParser } from './parsers/ipvsadm.js';
import { kubeProxyModeParser } from './parsers/kube-proxy-mode.js';
import { nftRulesetParser } from './parsers/nft-ruleset.js';

/** Parsers of the packet-filter kinds, most specific first (ties between signatures go to the earlier parser). */
export const PACKET_FILTER_PARSERS: Parser[] = [
  // Before the dump parsers: `iptables-save | wc -l` prints a count, not a dump.
  iptablesCountParser as Parser,
  iptablesSaveParser as Parser,
  iptablesListParser as Parser,
  nftRulesetParser as Parser,
  ipvsadmParser as Parser,
  kubeProxyModeParser as Parser,
];
