// The demo cluster's recorded nodes (demo/cluster/, see its README) keep showing what the demo says they show: each
// broken node its warnings and nothing else alarming, the healthy node no warning.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../src/diagnose.js';

const EXPECTED: Record<string, string[]> = {
  'node-1': ['conntrack.table-full', 'conntrack.table-pressure', 'conntrack.timeouts-long'],
  'node-2': ['conntrack.insert-failed', 'iptables.masquerade-not-random'],
  'node-3': ['mtu.mismatch'],
  'node-4': ['route.missing-pod-route'],
  'node-5': ['service.no-endpoints'],
  'node-6': ['dns.ndots-amplification', 'iptables.masquerade-not-random'],
  'node-7': [],
};

/** The finding each assembled node exists for, critical (demo/cluster/README.md: node-1 and node-2). */
const CRITICAL: Record<string, string> = { 'node-1': 'conntrack.table-full', 'node-2': 'conntrack.insert-failed' };

describe('the demo cluster', () => {
  for (const [node, ids] of Object.entries(EXPECTED)) {
    it(`${node} shows ${ids.length ? ids.join(' and ') : 'no warning'}`, () => {
      const report = readFileSync(new URL(`../../../demo/cluster/${node}.txt`, import.meta.url), 'utf8');
      const alarming = diagnoseText(report)
        .findings.filter((f) => f.severity === 'warning' || f.severity === 'critical')
        .map((f) => f.id)
        .sort();
      expect(alarming).toEqual(ids);
    });
  }
  for (const [node, id] of Object.entries(CRITICAL)) {
    it(`${node} is complete and shows ${id} as critical`, () => {
      const result = diagnoseText(readFileSync(new URL(`../../../demo/cluster/${node}.txt`, import.meta.url), 'utf8'));
      expect(result.report.collector?.complete).toBe(true);
      expect(result.findings.find((f) => f.id === id)?.severity).toBe('critical');
    });
  }
});
