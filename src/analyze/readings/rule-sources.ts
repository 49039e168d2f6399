// Every rule dump of a report (iptables-save, iptables -L, nft), and how evidence names it.
import type { Item, Report } from '../../domain/report.js';
import { itemsOf } from '../../parse/items-of.js';
import { iptablesListParser } from '../../parse/packet-filter/iptables-list.js';
import type { RuleTally } from '../../parse/packet-filter/iptables-rules.js';
import { iptablesSaveParser } from '../../parse/packet-filter/iptables-save.js';
import { nftRulesetParser } from '../../parse/packet-filter/nft-ruleset.js';

/** One parsed rule dump (iptables-save, iptables -L, nft list ...) and how to name it in evidence. */
export interface RuleSource {
  label: string;
  tally: RuleTally;
  /** The collector cut the section, or left rules out: counts are lower bounds. */
  partial: boolean;
}

/** Every rule dump of the report, in input order. */
export function ruleSources(report: Report): RuleSource[] {
  const out: { line: number; source: RuleSource }[] = [];
  for (const item of itemsOf(report, iptablesSaveParser)) {
    const backend = item.value.backends.length === 1 ? ` (${item.value.backends[0]})` : '';
    out.push(entry(item, `iptables-save${backend}`, item.value.tally));
  }
  for (const item of itemsOf(report, iptablesListParser)) {
    out.push(entry(item, item.value.table ? `iptables -t ${item.value.table} -L` : 'iptables -L', item.value.tally));
  }
  for (const item of itemsOf(report, nftRulesetParser)) out.push(entry(item, 'nft list', item.value.tally));
  return out.sort((a, b) => a.line - b.line).map((e) => e.source);
}

function entry(item: Item, fallback: string, tally: RuleTally): { line: number; source: RuleSource } {
  return {
    line: item.source.line,
    source: {
      label: describeSource(item, fallback),
      tally,
      partial: (item.source.section?.truncated ?? false) || tally.omitted > 0,
    },
  };
}

/** `section iptables-nat` for collector sections, the command when a prompt named it, else the kind. */
export function describeSource(item: Item, fallback: string = item.kind): string {
  if (item.source.section) return `section ${item.source.section.name}`;
  const cmd = item.source.command;
  if (cmd) return `\`${cmd.length > 60 ? `${cmd.slice(0, 60)}...` : cmd}\``;
  return `${fallback} at line ${item.source.line}`;
}

/** "a, b, c and 4 more" */
export function listOf(names: readonly string[], max = 8): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}
