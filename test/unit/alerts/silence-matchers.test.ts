// The silences of "Silence 1h" select exactly the incident's alerts: checked against the label sets Alertmanager
// groups with `group_by: [cluster]`, where the group labels alone would select every alert of the cluster.
import { describe, expect, it } from 'vitest';
import {
  alertsOutside,
  formatMatchers,
  planIncidentSilences,
  quoteRegex,
  type SilenceMatcher,
  silenceMatches,
} from '../../../src/alerts/silence-matchers.js';

const conntrack = (instance: string) => ({
  labels: {
    alertname: 'NodeHighNumberConntrackEntriesUsed',
    cluster: 'prod-eu-1',
    instance,
    job: 'node-exporter',
    severity: 'warning',
  },
});
const crashLooping = {
  labels: { alertname: 'KubePodCrashLooping', cluster: 'prod-eu-1', namespace: 'dns', pod: 'coredns-5d78c9869d-x2x7k' },
};
/** Other alerts of the same cluster, outside the incident. */
const outside = [
  conntrack('10.0.1.9:9100'),
  crashLooping,
  { labels: { alertname: 'Watchdog', cluster: 'prod-eu-1', severity: 'none' } },
];

function silences(alerts: Parameters<typeof planIncidentSilences>[0]): SilenceMatcher[][] {
  const plan = planIncidentSilences(alerts);
  if (!plan.ok) throw new Error(plan.reason);
  return plan.silences;
}

function muted(plan: SilenceMatcher[][], alerts: { labels: Record<string, string> }[]) {
  return alerts.filter((alert) => plan.some((matchers) => silenceMatches(matchers, alert.labels)));
}

describe('planIncidentSilences', () => {
  it('one alert: its whole label set, so no other alert of the cluster is muted', () => {
    const plan = silences([conntrack('10.0.1.7:9100')]);
    expect(plan).toHaveLength(1);
    expect(formatMatchers(plan[0] ?? [])).toBe(
      '{alertname="NodeHighNumberConntrackEntriesUsed", cluster="prod-eu-1", instance="10.0.1.7:9100", job="node-exporter", severity="warning"}',
    );
    expect(muted(plan, outside)).toEqual([]);
  });

  it('the same alert on several nodes: the shared labels and one regex of exactly those instances', () => {
    const incident = [conntrack('10.0.1.7:9100'), conntrack('10.0.1.8:9100')];
    const plan = silences(incident);
    expect(plan).toHaveLength(1);
    expect(plan[0]).toContainEqual({
      name: 'instance',
      value: '10\\.0\\.1\\.7:9100|10\\.0\\.1\\.8:9100',
      isRegex: true,
      isEqual: true,
    });
    expect(muted(plan, incident)).toEqual(incident);
    expect(muted(plan, outside)).toEqual([]);
    // A regex metacharacter in a value is a literal: "10.0.1.7" must not match "10a0b1c7".
    expect(muted(plan, [conntrack('10a0b1c7:9100')])).toEqual([]);
  });

  it('different alerts of one cluster (group_by: [cluster]): one silence per label set, none reaching further', () => {
    const incident = [conntrack('10.0.1.7:9100'), crashLooping];
    const plan = silences(incident);
    expect(plan).toHaveLength(2);
    expect(muted(plan, incident)).toEqual(incident);
    expect(muted(plan, outside.slice(0, 1).concat(outside.slice(2)))).toEqual([]);
    // An alert that only adds a label another incident alert has is not muted either.
    const crashWithInstance = { labels: { ...crashLooping.labels, instance: '10.0.1.7:9100' } };
    expect(muted(plan, [crashWithInstance])).toEqual([]);
    for (const matchers of plan) expect(matchers.every((m) => !m.isRegex)).toBe(true);
  });

  it('an absent label is one of the values, and empty label values count as absent', () => {
    const incident = [conntrack('10.0.1.7:9100'), { labels: { ...conntrack('x').labels, instance: '' } }];
    const plan = silences(incident);
    expect(plan).toHaveLength(1);
    expect(plan[0]).toContainEqual({ name: 'instance', value: '|10\\.0\\.1\\.7:9100', isRegex: true, isEqual: true });
    expect(muted(plan, incident)).toHaveLength(2);
    expect(muted(plan, [conntrack('10.0.1.9:9100')])).toEqual([]);
  });

  it('refuses what no exact silence can select: too many label sets, a label name matchers cannot name, no labels', () => {
    const many = Array.from({ length: 11 }, (_, i) => ({
      labels: { alertname: `Alert${i}`, cluster: 'prod-eu-1', pod: `p${i}` },
    }));
    const tooMany = planIncidentSilences(many);
    expect(tooMany).toMatchObject({ ok: false });
    expect(!tooMany.ok && tooMany.reason).toContain('11 alerts with different labels');
    const dotted = planIncidentSilences([{ labels: { alertname: 'X', 'k8s.node': 'node-7' } }]);
    expect(!dotted.ok && dotted.reason).toContain('"k8s.node"');
    expect(planIncidentSilences([{ labels: {} }])).toMatchObject({ ok: false });
    expect(planIncidentSilences([])).toMatchObject({ ok: false });
  });
});

describe('alertsOutside', () => {
  it("names the current alerts a silence would mute that are not the incident's", () => {
    const incident = [conntrack('10.0.1.7:9100')];
    const superset = { labels: { ...conntrack('10.0.1.7:9100').labels, prometheus: 'monitoring/k8s-2' } };
    const plan = silences(incident);
    expect(alertsOutside(plan, incident, [...incident, ...outside])).toEqual([]);
    expect(alertsOutside(plan, incident, [...incident, superset])).toEqual([superset]);
    // The old matchers (the group labels) would have muted every alert of the cluster.
    const groupLabels: SilenceMatcher[] = [{ name: 'cluster', value: 'prod-eu-1', isRegex: false, isEqual: true }];
    expect(alertsOutside([groupLabels], incident, [...incident, ...outside])).toEqual(outside);
  });

  it('quotes every RE2 metacharacter', () => {
    const value = 'a.b*c+d?e(f)g[h]i{j}k|l^m$n\\o';
    expect(new RegExp(`^(?:${quoteRegex(value)})$`).test(value)).toBe(true);
    expect(new RegExp(`^(?:${quoteRegex(value)})$`).test(value.replace('.', 'x'))).toBe(false);
  });
});
