// The counter, tunnel and agent-metric findings through both renderers: every id, title, evidence line and fix shows.
import { readFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import { collectorReport } from '../analyze/conntrack/report-text.js';
import { expectRenderedEverywhere } from './rendered-everywhere.js';

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
    it(id, () => expectRenderedEverywhere(id, text, 60));
  }
});
