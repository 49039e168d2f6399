// The "Analyze with netcheck" shortcut's reply: what netcheck read in a pasted message and what it concluded, or
// what it can read when it recognised nothing. Pure.
import type { Finding } from '../../domain/finding.js';
import type { KindId } from '../../domain/kind.js';
import { fitBudget } from './block-budget.js';
import { type Block, context, header, section } from './blocks.js';
import { fallbackText } from './fallback-text.js';
import { findingItems } from './finding-blocks.js';
import { escapeMrkdwn } from './mrkdwn.js';
import { nodeVerdict } from './render-node-diagnosis.js';
import type { SlackMessage } from './slack-message.js';

export interface AnalysisInput {
  detected: readonly KindId[];
  findings: readonly Finding[];
}

/** What can be pasted, in words a reader recognises. */
export const SUPPORTED_OUTPUTS: readonly string[] = [
  '`conntrack -S`, `conntrack -C`, `conntrack -L` and `/proc/net/stat/nf_conntrack`',
  '`/proc/sys/net/netfilter/nf_conntrack_count` / `_max` and `sysctl -a` lines',
  'kernel logs (`dmesg`, `journalctl -k`, syslog): "nf_conntrack: table full, dropping packet"',
  '`iptables-save`, `iptables -L`, `nft list ruleset`, `ipvsadm -Ln`',
  'kube-proxy and CNI logs',
  '`ss -s`, `/proc/net/sockstat`',
  '`/etc/resolv.conf`, DNS timings (`dig`, `nslookup`)',
  '`ip link`, `ifconfig`, `ip route`',
  'node_exporter metrics (`node_nf_conntrack_*`)',
  'the report of `netcheck collect`',
];

/** The reply to "Analyze with netcheck" on a message. */
export function renderAnalysis(input: AnalysisInput): SlackMessage {
  if (input.detected.length === 0 && input.findings.length === 0) {
    const list = SUPPORTED_OUTPUTS.map((s) => `• ${s}`).join('\n');
    return {
      text: 'Nothing netcheck recognises in this message',
      blocks: fitBudget([
        section(':shrug: *Nothing netcheck recognises in this message.*'),
        section(`Paste the output of one of these (as it was printed, code blocks are fine):\n${list}`),
      ]),
    };
  }
  const verdict = nodeVerdict('This message', input.findings);
  const head: Block[] = [
    header(`${verdict.emoji} ${verdict.text}`),
    context(`read: ${escapeMrkdwn(input.detected.join(', '))}`),
  ];
  const { blocks: found, hidden } = findingItems(input.findings);
  const items: Block[] = [...found];
  if (items.length === 0) items.push(section('No finding in what netcheck read.'));
  const blocks = fitBudget([...head, ...items], {
    items: { start: head.length, end: head.length + items.length },
    hidden,
    rest: 'run `netcheck analyze` on the text for the full report',
  });
  return { text: fallbackText(verdict.text), blocks };
}
