// The demo cluster's recorded nodes (demo/cluster/, see its README) keep showing what the demo says they show: each
// broken node its warnings and nothing else alarming, the healthy node no warning.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../src/diagnose.js';

const EXPECTED: Record<string, string[]> = {
  'node-3': ['mtu.mismatch'],
  'node-4': ['route.missing-pod-route'],
  'node-5': ['service.no-endpoints'],
  'node-6': ['dns.ndots-amplification', 'iptables.masquerade-not-random'],
  'node-7': [],
};

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
});
