// An incident's root message: the verdict first (firing or resolved, title, cluster, nodes), then the alerts and
// the latest node checks, and the buttons. Updated in place when the incident changes. Pure.
import type { Incident } from '../../incident/incident.js';
import { ACTION } from './action-ids.js';
import { alertLines, checkLine } from './alert-lines.js';
import { fitBudget } from './block-budget.js';
import { actions, type Block, button, context, fields, header, section } from './blocks.js';
import { fallbackText } from './fallback-text.js';
import { escapeMrkdwn, inlineCode } from './mrkdwn.js';
import type { SlackMessage } from './slack-message.js';
import { truncatePlain } from './truncate.js';
import { utcDateTime, utcTime } from './utc-time.js';

/** Alerts listed on the root message at most; the thread has them all. */
const MAX_ALERTS = 10;
/** Node checks listed at most. */
const MAX_CHECKS = 10;

function statusOf(incident: Incident): { emoji: string; word: string } {
  if (incident.status === 'resolved') return { emoji: ':white_check_mark:', word: 'Resolved' };
  if (incident.source === 'manual') return { emoji: ':mag:', word: 'Check' };
  return { emoji: ':red_circle:', word: 'Firing' };
}

/** Up to `max` node names as inline code, then "and N more". */
export function nodeList(nodes: readonly string[], max = 8): string {
  if (nodes.length === 0) return '–';
  const shown = nodes.slice(0, max).map((n) => inlineCode(n));
  return nodes.length > max ? `${shown.join(', ')} and ${nodes.length - max} more` : shown.join(', ');
}

/** The root message of an incident. */
export function renderRootMessage(incident: Incident): SlackMessage {
  const status = statusOf(incident);
  const firing = incident.alerts.filter((a) => a.status === 'firing').length;
  const head: Block[] = [header(`${status.emoji} ${status.word}: ${truncatePlain(incident.title, 120)}`)];

  const facts = [`*Cluster*\n${escapeMrkdwn(incident.cluster)}`, `*Nodes*\n${nodeList(incident.nodes)}`];
  if (incident.source === 'alert') {
    const total = incident.alerts.length + incident.truncatedAlerts;
    const truncated = incident.truncatedAlerts > 0 ? ` (${incident.truncatedAlerts} left out by Alertmanager)` : '';
    facts.push(`*Alerts*\n${firing} firing of ${total}${truncated}`);
  }
  facts.push(`*Started*\n${utcDateTime(incident.createdAt)}`);
  if (incident.status === 'resolved')
    facts.push(`*Resolved at*\n${utcDateTime(incident.resolvedAt ?? incident.updatedAt)}`);
  if (incident.silence) {
    facts.push(
      `*Silenced until*\n${utcDateTime(incident.silence.until)} by ${escapeMrkdwn(incident.silence.by.userName)}`,
    );
  }
  if (incident.requestedBy) facts.push(`*Requested by*\n${escapeMrkdwn(incident.requestedBy.userName)}`);
  head.push(fields(facts));

  const body: Block[] = [];
  if (incident.alerts.length > 0 || incident.truncatedAlerts > 0) {
    body.push(section(alertLines(incident.alerts, MAX_ALERTS, incident.truncatedAlerts).join('\n')));
  }
  if (incident.checks.length > 0) {
    const latest = [...incident.checks].sort((a, b) => b.at.localeCompare(a.at)).slice(0, MAX_CHECKS);
    const more = incident.checks.length - latest.length;
    const lines = latest.map(checkLine);
    if (more > 0) lines.push(`… and ${more} more nodes in the thread`);
    body.push(section(`*Latest node checks*\n${lines.join('\n')}`));
  } else if (incident.status === 'firing') {
    body.push(section('_No node check yet. Results appear in the thread._'));
  }

  const links = [`incident ${inlineCode(incident.id)}`, `updated ${utcTime(incident.updatedAt)} UTC`];
  if (incident.externalURL && /^https?:\/\/[^\s<>|]+$/.test(incident.externalURL)) {
    links.push(`<${incident.externalURL}|Alertmanager>`);
  }
  const tail: Block[] = [context(links.join(' · '))];
  const buttons = [
    button('Re-run', ACTION.rerun, incident.id, incident.status === 'firing' ? 'primary' : undefined),
    button('Check all nodes', ACTION.checkAll, incident.id),
  ];
  if (incident.source === 'alert' && incident.status === 'firing') {
    buttons.push(button('Silence 1h', ACTION.silence, incident.id, 'danger'));
  }
  tail.push(actions(...buttons));

  const blocks = fitBudget([...head, ...body, ...tail], {
    items: { start: head.length, end: head.length + body.length },
    noun: 'sections',
    rest: 'see the thread',
  });
  // A title that already names its one node ("X on node-7") does not repeat it.
  const named = incident.nodes.length === 1 && incident.title.endsWith(` on ${incident.nodes[0]}`);
  const nodes = incident.nodes.length > 0 && !named ? ` on ${incident.nodes.slice(0, 5).join(', ')}` : '';
  const more = incident.nodes.length > 5 ? ` and ${incident.nodes.length - 5} more` : '';
  return { text: fallbackText(`${status.word}: ${incident.title} (${incident.cluster})${nodes}${more}`), blocks };
}
