import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import { ACTION } from '../../../../src/render/slack/action-ids.js';
import { renderAnalysis } from '../../../../src/render/slack/render-analysis.js';
import { renderNodeDiagnosis } from '../../../../src/render/slack/render-node-diagnosis.js';
import {
  failedReply,
  queuedReply,
  refusedReply,
  renderHelp,
  renderStatus,
  usageReply,
} from '../../../../src/render/slack/render-replies.js';
import { renderSweepMessage } from '../../../../src/render/slack/render-sweep.js';
import type { SlackMessage } from '../../../../src/render/slack/slack-message.js';
import { rankHotspots } from '../../../../src/sweep/rank-hotspots.js';
import type { NodeOutcome } from '../../../../src/sweep/sweep-nodes.js';
import { firingIncident, resolvedIncident } from './incidents.js';
import { limitViolations, unbalancedFences, unsafeSequences } from './slack-limits-check.js';

const json = (message: SlackMessage) => `${JSON.stringify(message, null, 2)}\n`;
const fixture = (name: string) =>
  readFileSync(new URL(`../../../fixtures/real/${name}/input.txt`, import.meta.url), 'utf8');

function expectSafe(message: SlackMessage) {
  expect(limitViolations(message)).toEqual([]);
  expect(unsafeSequences(message)).toEqual([]);
  expect(unbalancedFences(message)).toEqual([]);
}

const TABLE_FULL = 'a-dmesg-table-full-k8s-18604';
const PRESSURE = 'c-ss-s-timewait-26012-and-count-near-max-devopsbeast';
const HEALTHY = 'c-sockstat-healthy-netdata-14';

describe('renderNodeDiagnosis', () => {
  it('a full conntrack table: the critical verdict first, evidence and fix as code, buttons', async () => {
    const diagnosis = diagnoseText(fixture(TABLE_FULL));
    const message = renderNodeDiagnosis({
      node: 'node-7',
      cluster: 'prod-eu-1',
      diagnosis,
      complete: true,
      mode: 'agent',
      durationMs: 6240,
      incidentId: 'inc-6f1d2a9c0b7e',
      chartAttached: true,
    });
    expectSafe(message);
    expect(message.text).toBe('node-7: 1 critical');
    expect(JSON.stringify(message.blocks[0])).toContain(':red_circle: node-7: 1 critical');
    expect(JSON.stringify(message)).toContain('conntrack.table-full');
    await expect(json(message)).toMatchFileSnapshot('__snapshots__/node-table-full.json');
  });

  it('critical and warning findings by severity, with a Prometheus cross-check, incomplete report', async () => {
    const diagnosis = diagnoseText(fixture(PRESSURE));
    expect(diagnosis.findings.map((f) => f.severity).sort()).toEqual(['critical', 'warning']);
    const message = renderNodeDiagnosis({
      node: 'node-12',
      cluster: 'prod-eu-1',
      diagnosis,
      complete: false,
      mode: 'debug-pod',
      durationMs: 48_100,
      incidentId: 'inc-6f1d2a9c0b7e',
      crossCheckFindings: [
        {
          id: 'prometheus.conntrack-mismatch',
          severity: 'warning',
          title: 'Prometheus and the node disagree on the conntrack count',
          evidence: ['node: 250112 entries', 'Prometheus (10.0.0.12:9100): 12 entries 40 s ago'],
        },
      ],
    });
    expectSafe(message);
    const raw = JSON.stringify(message);
    expect(raw).toContain('The report is incomplete');
    const critical = raw.indexOf('conntrack.table-pressure');
    const warning = raw.indexOf('sockets.time-wait-high');
    const prometheus = raw.indexOf('prometheus.conntrack-mismatch');
    expect(critical).toBeGreaterThan(0);
    expect(critical).toBeLessThan(warning);
    expect(warning).toBeLessThan(prometheus);
    await expect(json(message)).toMatchFileSnapshot('__snapshots__/node-pressure-incomplete.json');
  });

  it("shows the executor's warnings (an outdated agent image) under the verdict, escaped", () => {
    const message = renderNodeDiagnosis({
      node: 'node-3',
      cluster: 'prod-eu-1',
      diagnosis: diagnoseText(fixture(HEALTHY)),
      complete: true,
      mode: 'agent',
      durationMs: 5900,
      warnings: ['the agent pod netcheck/netcheck-agent-x <carries> another collector: update the agent image'],
    });
    expectSafe(message);
    const sections = message.blocks.filter((b) => b.type === 'section').map((b) => JSON.stringify(b));
    expect(sections[0]).toContain(
      ':warning: the agent pod netcheck/netcheck-agent-x &lt;carries&gt; another collector',
    );
  });

  it('a healthy node says so, in green', async () => {
    const diagnosis = diagnoseText(fixture(HEALTHY));
    const message = renderNodeDiagnosis({
      node: 'node-3',
      cluster: 'prod-eu-1',
      diagnosis,
      complete: true,
      mode: 'agent',
      durationMs: 5900,
      incidentId: 'inc-1',
    });
    expectSafe(message);
    expect(JSON.stringify(message.blocks[0])).toContain(':large_green_circle: node-3: no problem found');
    await expect(json(message)).toMatchFileSnapshot('__snapshots__/node-healthy.json');
  });

  it('without an incident there are no buttons', () => {
    const message = renderNodeDiagnosis({
      node: 'node-3',
      cluster: 'c',
      diagnosis: diagnoseText(fixture(HEALTHY)),
      complete: true,
      mode: 'local',
      durationMs: 10,
    });
    expect(message.blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('hundreds of findings: the most severe shown, "N more" pointing at the attached report', () => {
    const findings = Array.from({ length: 300 }, (_, i) => ({
      id: `test.finding-${i}`,
      severity: (i % 3 === 0 ? 'info' : i % 3 === 1 ? 'warning' : 'critical') as 'info' | 'warning' | 'critical',
      title: `Finding ${i}`,
      evidence: Array.from({ length: 40 }, (_, j) => `evidence line ${j} ${'x'.repeat(100)}`),
      fix: `fix ${i} `.repeat(300),
    }));
    const message = renderNodeDiagnosis({
      node: 'node-9',
      cluster: 'c',
      diagnosis: { detected: ['conntrack-stats'], findings },
      complete: true,
      mode: 'agent',
      durationMs: 1000,
      incidentId: 'inc-1',
    });
    expectSafe(message);
    const raw = JSON.stringify(message);
    const more = raw.match(/… (\d+) more findings — full report in the attached file/);
    expect(more).not.toBeNull();
    const shown = (raw.match(/`test\.finding-\d+`/g) ?? []).length;
    expect(shown + Number(more![1])).toBe(300);
    expect(raw).not.toMatch(/:large_blue_circle: \*Finding/); // info findings are the ones left out
    expect(message.blocks.at(-1)!.type).toBe('actions');
    expect(JSON.stringify(message.blocks.at(-1))).toContain(ACTION.rerun);
  });
});

describe('renderSweepMessage', () => {
  const full = diagnoseText(fixture(TABLE_FULL)).findings;
  const fills = [41, 38, 44, 96, 40, 43];
  const collected: NodeOutcome[] = fills.map((fill, i) => ({
    node: `node-${i + 1}`,
    mode: 'agent',
    complete: i !== 4,
    exitCode: 0,
    detected: ['conntrack-count'],
    findings: fill > 90 ? full : [],
    metrics: { conntrackFillPercent: fill, insertFailedPerSecond: fill > 90 ? 12.5 : 0 },
    durationMs: 6000,
  }));
  const failed: NodeOutcome[] = [
    {
      node: 'node-7',
      error: {
        code: 'rbac-denied',
        message: 'pods/exec is forbidden for system:serviceaccount:netdiag:netcheck',
        hint: 'Apply the RBAC of deploy/ (see deploy/README.md).',
      },
      durationMs: 200,
    },
    {
      node: 'node-8',
      error: {
        code: 'timeout',
        message: 'no answer from node-8 within 120 s',
        hint: 'The node or the API server is slow.',
      },
      durationMs: 120_000,
    },
  ];
  const nodes = [...collected, ...failed];
  const ranking = rankHotspots(
    collected.flatMap((n) => ('metrics' in n ? [{ node: n.node, metrics: n.metrics }] : [])),
  );

  it('summary, hotspot table, failures with hints, hotspot findings', async () => {
    expect(ranking.hotspots.map((h) => h.node)).toEqual(['node-4']);
    const message = renderSweepMessage({
      nodes,
      ranking,
      skipped: ['node-9'],
      durationMs: 14_300,
      cluster: 'prod-eu-1',
      incidentId: 'man-42',
    });
    expectSafe(message);
    expect(message.text).toBe(
      'Sweep of 9 nodes in 14.3 s: 6 collected, 1 incomplete, 2 failed, 1 not started, 1 hotspot',
    );
    const raw = JSON.stringify(message);
    expect(raw).toContain('```\\nNODE');
    expect(raw).toContain('rbac-denied');
    expect(raw).toContain('Apply the RBAC of deploy/');
    expect(raw).toContain('cluster.hotspot');
    await expect(json(message)).toMatchFileSnapshot('__snapshots__/sweep-failures.json');
  });

  it('a thousand nodes stay within the limits', () => {
    const many: NodeOutcome[] = Array.from({ length: 1000 }, (_, i) =>
      i % 10 === 0
        ? { node: `n-${i}`, error: { code: 'timeout', message: 'm'.repeat(500), hint: 'h'.repeat(500) }, durationMs: 1 }
        : {
            node: `n-${i}`,
            mode: 'agent',
            complete: true,
            exitCode: 0,
            detected: [],
            findings: [],
            metrics: { conntrackFillPercent: i % 97 === 0 ? 99 : 30, iptablesRules: i % 89 === 0 ? 90_000 : 3000 },
            durationMs: 1,
          },
    );
    const rank = rankHotspots(many.flatMap((n) => ('metrics' in n ? [{ node: n.node, metrics: n.metrics }] : [])));
    const message = renderSweepMessage({ nodes: many, ranking: rank, durationMs: 90_000 });
    expectSafe(message);
    expect(JSON.stringify(message)).toContain('full list in the attached file');
  });
});

describe('renderAnalysis', () => {
  it('findings of a pasted message', async () => {
    const message = renderAnalysis(diagnoseText(fixture(PRESSURE)));
    expectSafe(message);
    await expect(json(message)).toMatchFileSnapshot('__snapshots__/analysis-findings.json');
  });

  it('nothing recognised: says so and lists what can be pasted', async () => {
    const message = renderAnalysis(diagnoseText('hello team, the deploy is done <!channel>'));
    expectSafe(message);
    expect(message.text).toBe('Nothing netcheck recognises in this message');
    expect(JSON.stringify(message)).toContain('conntrack -S');
    await expect(json(message)).toMatchFileSnapshot('__snapshots__/analysis-nothing.json');
  });
});

describe('replies', () => {
  it('help, status and the acks', async () => {
    const status = renderStatus({
      counts: { waiting: 2, active: 1, delayed: 0, failed: 3, completed: 41 },
      recent: [firingIncident(), resolvedIncident()],
      cluster: 'prod-eu-1',
    });
    const replies = {
      help: renderHelp(),
      status,
      'status-empty': renderStatus({
        counts: { waiting: 0, active: 0, delayed: 0, failed: 0, completed: 0 },
        recent: [],
        cluster: 'c',
      }),
      'queued-new-thread': queuedReply({ nodes: ['node-7', 'node-8'], channel: 'C0INCIDENTS' }),
      'queued-incident': queuedReply({ nodes: ['node-7'], channel: 'C0OTHER', existingIncident: firingIncident() }),
      'queued-all': queuedReply({ nodes: [], all: true, channel: 'C0INCIDENTS', threadTs: '1741089130.000100' }),
      refused: refusedReply('You are not in NETCHECK_ALLOWED_USERS or NETCHECK_ALLOWED_GROUPS; ask an admin.'),
      usage: usageReply('"node_7!" is not a valid node name'),
      failed: failedReply('Redis is unreachable; try again in a minute.'),
    };
    for (const [name, message] of Object.entries(replies)) {
      expectSafe(message);
      await expect(json(message)).toMatchFileSnapshot(`__snapshots__/reply-${name}.json`);
    }
    expect(JSON.stringify(replies['queued-incident'])).toContain(
      'thread of the open incident *NodeHighNumberConntrackEntriesUsed* in <#C0INCIDENTS>',
    );
    expect(JSON.stringify(replies['queued-new-thread'])).toContain('in a new thread in <#C0INCIDENTS>');
  });

  it('user text in replies cannot ping', () => {
    for (const message of [refusedReply('<!channel>'), usageReply('<@U1> ```'), failedReply('<!here>')]) {
      expectSafe(message);
    }
  });
});
