// Whatever findings, alerts and names arrive, every message satisfies every Slack limit and carries no ping.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../../src/domain/finding.js';
import type { TimelineEntry } from '../../../../src/incident/incident.js';
import { renderAnalysis } from '../../../../src/render/slack/render-analysis.js';
import { renderNodeDiagnosis } from '../../../../src/render/slack/render-node-diagnosis.js';
import { queuedReply, refusedReply, renderStatus } from '../../../../src/render/slack/render-replies.js';
import { renderRootMessage } from '../../../../src/render/slack/render-root-message.js';
import { renderSweepMessage } from '../../../../src/render/slack/render-sweep.js';
import { renderTimelineEntry } from '../../../../src/render/slack/render-timeline-entry.js';
import type { SlackMessage } from '../../../../src/render/slack/slack-message.js';
import { alert, firingIncident } from './incidents.js';
import { limitViolations, unbalancedFences, unsafeSequences } from './slack-limits-check.js';

/** Text built from the characters that break Slack messages, plus mentions and fences, plus long runs. */
const nasty = fc.oneof(
  fc.string({
    unit: fc.constantFrom('`', '<', '>', '!', '&', '@', '*', '_', '|', '\n', 'a', ' ', '😀', '#', ';'),
    maxLength: 80,
  }),
  fc.constantFrom('<!channel>', '<!here>', '<!everyone>', '<@U0123>', '<!subteam^S1>', '```', '&lt;!channel&gt;'),
  fc.string({ minLength: 1, maxLength: 40 }).map((s) => s.repeat(150)),
  fc.string({ maxLength: 20 }),
);

const severity = fc.constantFrom('critical', 'warning', 'info') as fc.Arbitrary<Finding['severity']>;

const finding: fc.Arbitrary<Finding> = fc.record(
  {
    id: nasty,
    severity,
    title: nasty,
    evidence: fc.array(nasty, { maxLength: 60 }),
    fix: nasty,
    docs: fc.constantFrom('https://kubernetes.io/docs/x', 'javascript:alert(1)', '<!channel>'),
  },
  { requiredKeys: ['id', 'severity', 'title', 'evidence'] },
);

/** A few findings, or thousands of the same shape (cheap to build, still thousands of blocks' worth). */
const findings = fc.oneof(
  fc.array(finding, { maxLength: 40 }),
  fc.tuple(finding, fc.integer({ min: 100, max: 3000 })).map(([f, n]) => Array.from({ length: n }, () => f)),
);

function check(message: SlackMessage) {
  expect(limitViolations(message)).toEqual([]);
  expect(unsafeSequences(message)).toEqual([]);
  expect(unbalancedFences(message)).toEqual([]);
}

const runs = { numRuns: 80 };

describe('every message fits Slack and cannot ping', () => {
  it('node diagnosis', () => {
    fc.assert(
      fc.property(nasty, findings, fc.array(finding, { maxLength: 5 }), fc.boolean(), (node, list, cross, complete) => {
        check(
          renderNodeDiagnosis({
            node,
            cluster: node,
            diagnosis: { detected: ['conntrack-stats'], findings: list },
            complete,
            mode: 'agent',
            durationMs: 1234,
            incidentId: 'inc-1',
            crossCheckFindings: cross,
            chartAttached: complete,
          }),
        );
      }),
      runs,
    );
  });

  it('analysis', () => {
    fc.assert(
      fc.property(findings, (list) =>
        check(renderAnalysis({ detected: list.length > 0 ? ['sockstat'] : [], findings: list })),
      ),
      runs,
    );
  });

  it('sweep', () => {
    fc.assert(
      fc.property(findings, fc.array(fc.tuple(nasty, nasty), { maxLength: 30 }), (list, failures) => {
        check(
          renderSweepMessage({
            nodes: failures.map(([node, message]) => ({
              node,
              error: { code: 'timeout', message, hint: message },
            })),
            ranking: { median: {}, reported: {}, hotspots: [], findings: list },
            cluster: 'c',
            incidentId: 'inc-1',
          }),
        );
      }),
      runs,
    );
  });

  it('root message and timeline entries', () => {
    fc.assert(
      fc.property(
        nasty,
        nasty,
        fc.array(fc.tuple(nasty, nasty), { maxLength: 60 }),
        fc.nat({ max: 5000 }),
        (title, name, alerts, truncated) => {
          const states = alerts.map(([alertname, summary], i) =>
            alert({ fingerprint: `f${i}`, alertname, summary, node: alertname, severity: summary }),
          );
          const by = { userId: 'U1', userName: name };
          const incident = firingIncident({
            title,
            cluster: name,
            alerts: states,
            nodes: states.map((a) => a.node ?? ''),
            truncatedAlerts: truncated,
            requestedBy: by,
            silence: { id: name, until: '2025-03-04T12:58:00.000Z', by },
            checks: states.map((a) => ({ node: a.alertname, at: a.startsAt, ok: false, error: a.summary ?? '' })),
          });
          check(renderRootMessage(incident));
          const at = '2025-03-04T12:00:00.000Z';
          const entries: TimelineEntry[] = [
            { type: 'fired', at, alerts: states, truncatedAlerts: truncated },
            { type: 'note', at, text: title },
            { type: 'collection-queued', at, nodes: [name, title], reason: 'command', by },
            { type: 'collection-failed', at, node: name, code: 'internal', message: title, hint: name, final: true },
            { type: 'silenced', at, by, until: at, silenceId: title },
          ];
          for (const entry of entries) check(renderTimelineEntry(entry, incident));
          check(
            renderStatus({
              counts: { waiting: 1, active: 0, delayed: 0, failed: 0, completed: 0 },
              recent: [incident],
              cluster: name,
            }),
          );
          check(queuedReply({ nodes: [name], channel: title, existingIncident: incident }));
          check(refusedReply(title));
        },
      ),
      runs,
    );
  });
});
