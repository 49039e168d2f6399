import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../src/diagnose.js';
import { nodeMetrics } from '../../../src/sweep/node-metrics.js';
import { loadRealFixtures } from '../golden/real-fixtures.js';
import { SAMPLE_REPORT, withRisingCounters } from './sweep-helpers.js';

const metricsOf = (text: string) => nodeMetrics(diagnoseText(text).report);
const fixture = (slug: string) => {
  const found = loadRealFixtures().find((f) => f.slug === slug);
  if (!found) throw new Error(`fixture ${slug} is missing`);
  return found.input;
};

describe('nodeMetrics', () => {
  it('reads every metric from a real collector report of a quiet node', () => {
    expect(metricsOf(SAMPLE_REPORT)).toEqual({
      conntrackFillPercent: 0,
      insertFailedPerSecond: 0,
      dropsPerSecond: 0,
      iptablesRules: 0,
      dnsLookupMs: 34,
    });
  });

  it('turns the rise between the two conntrack -S samples into per-second rates', () => {
    const diagnosis = diagnoseText(withRisingCounters(SAMPLE_REPORT, { insertFailed: 200, drop: 50 }));
    expect(diagnosis.report.collector?.complete).toBe(true);
    const metrics = nodeMetrics(diagnosis.report);
    expect(metrics.insertFailedPerSecond).toBe(100);
    expect(metrics.dropsPerSecond).toBe(25);
  });

  it('reads the fill of a nearly full table from a pasted count and max', () => {
    expect(metricsOf(fixture('c-ss-s-timewait-26012-and-count-near-max-devopsbeast')).conntrackFillPercent).toBeCloseTo(
      99.9996,
      3,
    );
  });

  it('reads the slowest lookup, in milliseconds, from curl and time outputs', () => {
    expect(metricsOf(fixture('b-curl-w-namelookup-5s-coredns-3163')).dnsLookupMs).toBe(5513);
    expect(metricsOf(fixture('b-time-nslookup-40s-rancher-14261')).dnsLookupMs).toBe(40030);
  });

  it('counts rules from iptables-save', () => {
    expect(metricsOf(fixture('b-iptables-save-random-fully-kind-k8s-114470')).iptablesRules).toBe(13);
  });

  it('leaves out what the report does not show, and the table fill read inside a pod network namespace', () => {
    expect(metricsOf(fixture('b-iptables-save-random-fully-kind-k8s-114470'))).toEqual({ iptablesRules: 13 });
    const inPod = SAMPLE_REPORT.replace(/^netns=host$/gm, 'netns=pod').replace(
      /^reason=initial-netns-inode$/m,
      'reason=netns-inode-differs',
    );
    const metrics = metricsOf(inPod);
    expect(metrics.conntrackFillPercent).toBeUndefined();
    expect(metrics.iptablesRules).toBe(0);
  });
});
