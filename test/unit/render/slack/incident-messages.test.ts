import { describe, expect, it } from 'vitest';
import type { Incident, TimelineEntry } from '../../../../src/incident/incident.js';
import { ACTION } from '../../../../src/render/slack/action-ids.js';
import { renderRootMessage } from '../../../../src/render/slack/render-root-message.js';
import { renderTimelineEntry } from '../../../../src/render/slack/render-timeline-entry.js';
import type { SlackMessage } from '../../../../src/render/slack/slack-message.js';
import { alert, alice, firingIncident, resolvedIncident } from './incidents.js';
import { limitViolations, unbalancedFences, unsafeSequences } from './slack-limits-check.js';

const json = (message: SlackMessage) => `${JSON.stringify(message, null, 2)}\n`;

function actionIds(message: SlackMessage): string[] {
  return (message.blocks as { type: string; elements?: { action_id?: string }[] }[])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b.elements ?? []).map((e) => e.action_id ?? ''));
}

function expectSafe(message: SlackMessage) {
  expect(limitViolations(message)).toEqual([]);
  expect(unsafeSequences(message)).toEqual([]);
  expect(unbalancedFences(message)).toEqual([]);
}

describe('renderRootMessage', () => {
  it('firing: verdict first, alerts, latest checks, three buttons', async () => {
    const message = renderRootMessage(firingIncident());
    expectSafe(message);
    expect(message.text).toBe('Firing: NodeHighNumberConntrackEntriesUsed (prod-eu-1) on node-7, node-12');
    expect((message.blocks[0] as { type: string }).type).toBe('header');
    expect(actionIds(message)).toEqual([ACTION.rerun, ACTION.checkAll, ACTION.silence]);
    await expect(json(message)).toMatchFileSnapshot('__snapshots__/root-firing.json');
  });

  it('resolved: clearly resolved, with the time, and no Silence button', async () => {
    const message = renderRootMessage(resolvedIncident());
    expectSafe(message);
    const raw = JSON.stringify(message);
    expect(raw).toContain(':white_check_mark: Resolved: NodeHighNumberConntrackEntriesUsed');
    expect(raw).toContain('*Resolved at*\\n2025-03-04 12:31:00 UTC');
    expect(actionIds(message)).toEqual([ACTION.rerun, ACTION.checkAll]);
    await expect(json(message)).toMatchFileSnapshot('__snapshots__/root-resolved.json');
  });

  it('silenced, requested, truncated: every fact shown, names never as mentions', async () => {
    const incident = firingIncident({
      truncatedAlerts: 7,
      silence: { id: 'sil-1', until: '2025-03-04T12:58:00.000Z', by: { userId: 'U0BOB', userName: 'bob <!channel>' } },
      requestedBy: alice,
    });
    const message = renderRootMessage(incident);
    expectSafe(message);
    const raw = JSON.stringify(message);
    expect(raw).toContain('*Silenced until*\\n2025-03-04 12:58:00 UTC by bob &lt;!channel&gt;');
    expect(raw).toContain('*Requested by*\\nalice');
    expect(raw).toContain('2 firing of 9 (7 left out by Alertmanager)');
    expect(raw).toContain('Alertmanager left out 7 more alerts of this group (max_alerts)');
    expect(raw).not.toContain('U0ALICE');
    await expect(json(message)).toMatchFileSnapshot('__snapshots__/root-silenced.json');
  });

  it('a manual check has no Silence button', () => {
    const message = renderRootMessage(
      firingIncident({ id: 'man-x1', source: 'manual', title: 'node-7 check', alerts: [], requestedBy: alice }),
    );
    expectSafe(message);
    expect(actionIds(message)).toEqual([ACTION.rerun, ACTION.checkAll]);
    expect(message.text).toContain('Check: node-7 check');
  });

  it('alert text cannot ping, link or break the header', () => {
    const hostile = firingIncident({
      title: '<!channel> ```x``` <http://evil.example|click>',
      cluster: '<!here>',
      alerts: [alert({ alertname: '*bold* <!everyone>', summary: '<@U123> & <#C999>', severity: '<!subteam^S1>' })],
      externalURL: 'http://evil.example|<!channel>',
    });
    const message = renderRootMessage(hostile);
    expectSafe(message);
    expect(JSON.stringify(message)).not.toMatch(/<http|<#C999/);
  });

  it('many alerts and nodes stay within the limits', () => {
    const alerts = Array.from({ length: 400 }, (_, i) =>
      alert({ fingerprint: `f${i}`, node: `node-${i}`, summary: 'x'.repeat(500) }),
    );
    const message = renderRootMessage(
      firingIncident({
        alerts,
        nodes: alerts.map((a) => a.node!),
        checks: alerts.map((a) => ({
          node: a.node!,
          at: '2025-03-04T11:54:12.000Z',
          ok: false,
          error: 'e'.repeat(900),
        })),
      }),
    );
    expectSafe(message);
    expect(JSON.stringify(message)).toContain('and 390 more alerts');
    expect(message.text).toContain('and 395 more');
  });
});

const incident = firingIncident();

const entries: Record<string, TimelineEntry> = {
  fired: { type: 'fired', at: '2025-03-04T11:52:40.000Z', alerts: incident.alerts, truncatedAlerts: 3 },
  refired: { type: 'refired', at: '2025-03-04T12:40:00.000Z', alerts: [alert()] },
  'still-firing': {
    type: 'still-firing',
    at: '2025-03-04T15:52:40.000Z',
    resends: 1,
    since: '2025-03-04T11:52:10.000Z',
  },
  'resolved-some': {
    type: 'resolved',
    at: '2025-03-04T12:20:00.000Z',
    alerts: [alert({ status: 'resolved', node: 'node-12' })],
    all: false,
  },
  'resolved-all': {
    type: 'resolved',
    at: '2025-03-04T12:31:00.000Z',
    alerts: resolvedIncident().alerts,
    all: true,
  },
  'queued-auto': {
    type: 'collection-queued',
    at: '2025-03-04T11:52:41.000Z',
    nodes: ['node-7', 'node-12'],
    reason: 'auto-triage',
  },
  'queued-command': {
    type: 'collection-queued',
    at: '2025-03-04T11:53:00.000Z',
    nodes: ['node-7'],
    reason: 'command',
    by: alice,
  },
  'queued-rerun': {
    type: 'collection-queued',
    at: '2025-03-04T11:56:00.000Z',
    nodes: ['node-7'],
    reason: 'rerun',
    by: alice,
  },
  'queued-check-all': {
    type: 'collection-queued',
    at: '2025-03-04T11:57:00.000Z',
    nodes: [],
    reason: 'check-all',
    by: alice,
  },
  debounced: {
    type: 'collection-debounced',
    at: '2025-03-04T11:58:00.000Z',
    node: 'node-7',
    lastAt: '2025-03-04T11:52:41.000Z',
    nextAt: '2025-03-04T12:02:41.000Z',
  },
  started: { type: 'collection-started', at: '2025-03-04T11:52:43.000Z', node: 'node-7', mode: 'agent' },
  'failed-retry': {
    type: 'collection-failed',
    at: '2025-03-04T11:54:30.000Z',
    node: 'node-12',
    code: 'timeout',
    message: 'no answer from node-12 within 120 s',
    hint: 'The node or the API server is slow: collect from node-12 alone with a longer --deadline, and check its kubelet.',
    final: false,
  },
  'failed-final': {
    type: 'collection-failed',
    at: '2025-03-04T11:55:30.000Z',
    node: 'node-12',
    code: 'rbac-denied',
    message: 'pods/exec is forbidden for system:serviceaccount:netdiag:netcheck',
    hint: 'Apply deploy/rbac.yaml (see deploy/README.md for every verb).',
    final: true,
  },
  silenced: {
    type: 'silenced',
    at: '2025-03-04T11:58:00.000Z',
    by: alice,
    until: '2025-03-04T12:58:00.000Z',
    silenceId: 'a0b1c2',
  },
  note: { type: 'note', at: '2025-03-04T11:59:00.000Z', text: 'Prometheus is not configured: no chart.' },
};

describe('renderTimelineEntry', () => {
  for (const [name, entry] of Object.entries(entries)) {
    it(`${name}: one short message`, async () => {
      const message = renderTimelineEntry(entry, incident);
      expectSafe(message);
      expect(message.blocks).toHaveLength(1);
      expect(message.text.startsWith(entry.at)).toBe(true);
      expect(JSON.stringify(message.blocks)).toContain(`\`${entry.at.slice(11, 19)}\``);
      await expect(json(message)).toMatchFileSnapshot(`__snapshots__/timeline-${name}.json`);
    });
  }

  it('says who asked as a name, never a mention, and escapes notes', () => {
    const sneaky = { userId: 'U0EVE', userName: '<!channel> eve' };
    const queued = renderTimelineEntry(
      { type: 'collection-queued', at: '2025-03-04T11:53:00.000Z', nodes: ['node-7'], reason: 'command', by: sneaky },
      incident,
    );
    const note = renderTimelineEntry({ type: 'note', at: '2025-03-04T11:53:00.000Z', text: '<@U123> ```' }, incident);
    for (const message of [queued, note]) expectSafe(message);
    expect(JSON.stringify(queued)).toContain('requested by &lt;!channel&gt; eve with /netcheck');
    expect(JSON.stringify(queued)).not.toContain('U0EVE');
  });

  it('keeps a huge firing group short', () => {
    const alerts = Array.from({ length: 1000 }, (_, i) =>
      alert({ fingerprint: `f${i}`, summary: '<!channel> '.repeat(200) }),
    );
    const message = renderTimelineEntry({ type: 'fired', at: '2025-03-04T11:52:40.000Z', alerts, truncatedAlerts: 0 }, {
      ...incident,
      alerts,
    } satisfies Incident);
    expectSafe(message);
    expect(JSON.stringify(message)).toContain('Fired*: 1000 alerts');
  });
});
