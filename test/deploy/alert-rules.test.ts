// netcheck's Prometheus rules and Alertmanager route, checked by the real tools: `promtool check rules` and
// `promtool test rules` (input series -> the alerts that fire, and when), `amtool check-config` and
// `amtool config routes test` (which receiver each alert reaches); the PrometheusRule holds the same groups; every
// runbook link lands on a section of docs/alerts.md that names findings netcheck really has.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_TRIAGE_ALERTS } from '../../src/alerts/triage-rules.js';
import { repoRoot } from './load-manifests.js';

const RULES = join(repoRoot, 'deploy/prometheus/netcheck-rules.yaml');
const RULE_TESTS = join(repoRoot, 'deploy/prometheus/netcheck-rules.test.yaml');
const OPERATOR_RULE = join(repoRoot, 'deploy/prometheus/prometheus-rule.yaml');
const AM_CONFIG = join(repoRoot, 'deploy/alertmanager/alertmanager.yaml');

interface Rule {
  alert: string;
  expr: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}
const groups = parse(readFileSync(RULES, 'utf8')).groups as { name: string; rules: Rule[] }[];
const rules = groups.flatMap((g) => g.rules);

function run(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** The sections of docs/alerts.md by GitHub's anchor of their heading, with their text. */
function alertDocSections(): Map<string, string> {
  const doc = readFileSync(join(repoRoot, 'docs/alerts.md'), 'utf8');
  const sections = new Map<string, string>();
  for (const part of doc.split(/^## /m).slice(1)) {
    const [heading = '', ...body] = part.split('\n');
    sections.set(heading.trim().toLowerCase().replace(/\s+/g, '-'), body.join('\n'));
  }
  return sections;
}

describe('deploy/prometheus', () => {
  it('passes promtool check rules', () => {
    const r = run('promtool', ['check', 'rules', RULES]);
    expect(r.out).toContain(`SUCCESS: ${rules.length} rules found`);
    expect(r.status).toBe(0);
  });

  it('passes its promtool unit tests (the expected alerts fire at the expected times, and no others)', () => {
    const r = run('promtool', ['test', 'rules', RULE_TESTS]);
    expect(r.out).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });

  it('has unit tests that fail when a rule is wrong (a threshold moved, rate() on the entries gauge)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netcheck-rules-'));
    const broken = readFileSync(RULES, 'utf8')
      .replace('> 0.75', '> 0.85')
      .replace('deriv(node_nf_conntrack_entries', 'rate(node_nf_conntrack_entries');
    writeFileSync(join(dir, 'netcheck-rules.yaml'), broken);
    writeFileSync(join(dir, 'tests.yaml'), readFileSync(RULE_TESTS, 'utf8'));
    const r = run('promtool', ['test', 'rules', join(dir, 'tests.yaml')]);
    expect(r.status).not.toBe(0);
    expect(r.out).toContain('alertname: ConntrackTableNearFull');
    expect(r.out).toContain('alertname: ConntrackEntriesGrowingFast');
  });

  it('covers the seed alerts (75 %, 90 %, fast growth), insert_failed/drop and a stale node_exporter', () => {
    expect(rules.map((r) => r.alert)).toEqual([
      'ConntrackTableNearFull',
      'ConntrackTableCritical',
      'ConntrackEntriesGrowingFast',
      'ConntrackInsertFailedOrDrop',
      'NodeExporterConntrackStale',
    ]);
    for (const rule of rules) expect(['warning', 'critical'], rule.alert).toContain(rule.labels.severity);
  });

  it('gives the Prometheus Operator the same groups as the plain rule file', () => {
    const operator = parse(readFileSync(OPERATOR_RULE, 'utf8'));
    expect(operator.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(operator.kind).toBe('PrometheusRule');
    expect(operator.spec.groups).toEqual(groups);
  });

  it("links every alert to its section of docs/alerts.md, which names finding ids of netcheck's catalogue", () => {
    const sections = alertDocSections();
    const catalogue = readFileSync(join(repoRoot, 'docs/findings.md'), 'utf8');
    for (const rule of rules) {
      const anchor = new URL(rule.annotations.runbook_url ?? '').hash.slice(1);
      expect(anchor, rule.alert).toBe(rule.alert.toLowerCase());
      const section = sections.get(anchor);
      expect(section, `docs/alerts.md has no section for ${rule.alert}`).toBeDefined();
      const ids = [...(section ?? '').matchAll(/`([a-z-]+\.[a-z0-9-]+)`/g)].map((m) => m[1] ?? '');
      expect(ids.length, rule.alert).toBeGreaterThan(0);
      for (const id of ids) expect(catalogue, `${rule.alert} names ${id}`).toContain(`\`${id}\``);
    }
  });

  it('auto-triages every conntrack alert by default (the stale-exporter alert has no node state to collect)', () => {
    for (const rule of rules.filter((r) => r.alert.startsWith('Conntrack'))) {
      expect(DEFAULT_TRIAGE_ALERTS as readonly string[], rule.alert).toContain(rule.alert);
    }
  });
});

describe('deploy/alertmanager', () => {
  it('passes amtool check-config', () => {
    const r = run('amtool', ['check-config', AM_CONFIG]);
    expect(r.out).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });

  it('sends resolved notifications to /alertmanager with bearer credentials from a file, grouped per node', () => {
    const config = parse(readFileSync(AM_CONFIG, 'utf8'));
    const route = config.route.routes.find((r: { receiver: string }) => r.receiver === 'netcheck');
    expect(route.group_by).toEqual(['alertname', 'cluster', 'instance']);
    const hook = config.receivers.find((r: { name: string }) => r.name === 'netcheck').webhook_configs[0];
    expect(new URL(hook.url).pathname).toBe('/alertmanager');
    expect(hook.send_resolved).toBe(true);
    expect(hook.http_config.authorization).toEqual({ type: 'Bearer', credentials_file: expect.any(String) });
  });

  const routeOf = (labels: string[]) =>
    run('amtool', ['config', 'routes', 'test', `--config.file=${AM_CONFIG}`, ...labels])
      .out.split('\n')[0]
      ?.trim();

  it("routes each of netcheck's alerts and kube-prometheus' conntrack alert to netcheck, and nothing else", () => {
    for (const name of [...rules.map((r) => r.alert), 'NodeHighNumberConntrackEntriesUsed']) {
      expect(routeOf([`alertname=${name}`, 'instance=10.0.0.1:9100']), name).toBe('netcheck');
    }
    expect(routeOf(['alertname=KubePodCrashLooping'])).toBe('default');
    expect(routeOf(['alertname=NodeFilesystemAlmostFull', 'instance=10.0.0.1:9100'])).toBe('default');
  });
});
