// The counter, tunnel and agent-metric findings through both renderers: every id, title, evidence line and fix shows.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../src/diagnose.js';
import type { Finding } from '../../../src/domain/finding.js';
import { renderText } from '../../../src/render/render-text.js';
import { findingBlock } from '../../../src/render/slack/finding-blocks.js';
import { collectorReport } from '../analyze/conntrack/report-text.js';

const fixture = (slug: string) =>
  readFileSync(new URL(`../../fixtures/real/${slug}/input.txt`, import.meta.url), 'utf8');

const hex = (n: number) => n.toString(16).padStart(8, '0');
const softnet = (dropped: number) => [
  `00100000 ${hex(dropped)} 00000400 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000`,
];

const inputs: Record<string, string> = {
  'sockets.listen-overflow': fixture('kernel-netstat-s-listen-overflow-5m-shh-41'),
  'network.tunnel-down': fixture('net-ip-a-flannel1-down-master-flannel-878'),
  'network.softnet-drops': collectorReport([
    { name: 'softnet-1', kind: 'softnet-stat', at: 100, body: softnet(10) },
    { name: 'softnet-2', kind: 'softnet-stat', at: 105, body: softnet(90) },
  ]),
  'conntrack.insert-failed': fixture('metrics-netdata-nfacct-insert-failed-netdata-11880'),
};

describe('counter findings in the text and Block Kit renderers', () => {
  for (const [id, text] of Object.entries(inputs)) {
    it(id, () => {
      const diagnosis = diagnoseText(text);
      const f = diagnosis.findings.find((x) => x.id === id) as Finding;
      expect(f).toBeDefined();
      const out = renderText(diagnosis, { color: false });
      expect(out).toContain(id);
      expect(out).toContain(f.title);
      for (const line of f.evidence) expect(out).toContain(line);
      const block = findingBlock(f);
      const mrkdwn = block.text?.text ?? '';
      expect(mrkdwn).toContain(id);
      const escaped = f.evidence[0]!.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
      expect(mrkdwn).toContain(escaped.slice(0, 60));
      expect(mrkdwn).toContain('*Fix*');
      expect(mrkdwn.length).toBeLessThanOrEqual(3000);
    });
  }
});
