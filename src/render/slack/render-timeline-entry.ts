// One timeline entry as a short thread message: what happened, when (UTC), who asked (a name, never a mention).
// Pure.
import type { CollectionReason, Incident, Requester, TimelineEntry } from '../../incident/incident.js';
import { alertLines } from './alert-lines.js';
import { fitBudget } from './block-budget.js';
import { section } from './blocks.js';
import { fallbackText } from './fallback-text.js';
import { escapeMrkdwn, inlineCode } from './mrkdwn.js';
import { nodeList } from './render-root-message.js';
import type { SlackMessage } from './slack-message.js';
import { truncatePlain } from './truncate.js';
import { utcDateTime, utcTime } from './utc-time.js';

/** Alerts listed in one timeline message at most. */
const MAX_ALERTS = 15;

const MODE = { agent: 'the netcheck agent', 'debug-pod': 'a debug pod', local: 'the local collector' } as const;

/** A requester as plain text: their name, escaped; never `<@U…>`. */
export function requesterName(by: Requester): string {
  return escapeMrkdwn(truncatePlain(by.userName || by.userId, 80));
}

function reasonText(reason: CollectionReason, by: Requester | undefined): string {
  const who = by ? ` by ${requesterName(by)}` : '';
  switch (reason) {
    case 'auto-triage':
      return 'automatic triage of the conntrack alert';
    case 'command':
      return `requested${who} with /netcheck`;
    case 'rerun':
      return `re-run requested${who}`;
    case 'check-all':
      return `check of all nodes requested${who}`;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The entry as mrkdwn (first line) and raw fallback text. */
function describe(entry: TimelineEntry, incident: Incident): { line: string; more?: string; text: string } {
  switch (entry.type) {
    case 'fired': {
      const more = alertLines(entry.alerts, MAX_ALERTS, entry.truncatedAlerts).join('\n');
      return {
        line: `:fire: *Fired*: ${plural(entry.alerts.length + entry.truncatedAlerts, 'alert')}`,
        more,
        text: `Fired: ${plural(entry.alerts.length + entry.truncatedAlerts, 'alert')}`,
      };
    }
    case 'refired':
      return {
        line: `:repeat: *Firing again*: ${plural(entry.alerts.length, 'alert')}`,
        more: alertLines(entry.alerts, MAX_ALERTS).join('\n'),
        text: `Firing again: ${plural(entry.alerts.length, 'alert')}`,
      };
    case 'still-firing':
      return {
        line: `:hourglass: *Still firing* since ${utcTime(entry.since)} UTC (Alertmanager re-sent it ${entry.resends === 1 ? 'once' : `${entry.resends} times`})`,
        text: `Still firing since ${entry.since}`,
      };
    case 'resolved': {
      const open = incident.alerts.filter((a) => a.status === 'firing').length;
      const line = entry.all
        ? ':white_check_mark: *Resolved*: every alert of this incident is resolved'
        : `:large_green_circle: *${plural(entry.alerts.length, 'alert')} resolved*; ${open} still firing`;
      return {
        line,
        more: alertLines(entry.alerts, MAX_ALERTS).join('\n'),
        text: entry.all ? 'Resolved' : `${plural(entry.alerts.length, 'alert')} resolved`,
      };
    }
    case 'collection-queued':
      return {
        line: `:inbox_tray: *Collection queued* for ${entry.nodes.length > 0 ? nodeList(entry.nodes) : 'all nodes'}: ${reasonText(entry.reason, entry.by)}`,
        text: `Collection queued for ${entry.nodes.length > 0 ? entry.nodes.join(', ') : 'all nodes'} (${entry.reason}${entry.by ? ` by ${entry.by.userName}` : ''})`,
      };
    case 'collection-debounced':
      return {
        line: `:zzz: ${inlineCode(entry.node)} was checked at ${utcTime(entry.lastAt)} UTC; the next automatic check is not before ${utcTime(entry.nextAt)} UTC (the alert flaps). Press *Re-run* to check now.`,
        text: `${entry.node} checked at ${entry.lastAt}; next automatic check not before ${entry.nextAt}`,
      };
    case 'collection-started':
      return {
        line: `:hourglass_flowing_sand: *Collecting* from ${inlineCode(entry.node)} through ${MODE[entry.mode]}`,
        text: `Collecting from ${entry.node} (${entry.mode})`,
      };
    case 'collection-failed': {
      const retry = entry.final ? '' : ' (will retry)';
      return {
        line: `:x: *Collection from ${inlineCode(entry.node)} failed*${retry} ${inlineCode(entry.code)}: ${escapeMrkdwn(truncatePlain(entry.message, 600))}`,
        more: `:point_right: ${escapeMrkdwn(truncatePlain(entry.hint, 600))}`,
        text: `Collection from ${entry.node} failed${retry}: ${entry.message}`,
      };
    }
    case 'silenced':
      return {
        line: `:no_bell: *Silenced* until ${utcDateTime(entry.until)} by ${requesterName(entry.by)} (silence ${inlineCode(entry.silenceId)})`,
        text: `Silenced until ${entry.until} by ${entry.by.userName}`,
      };
    case 'note':
      return { line: `:memo: ${escapeMrkdwn(truncatePlain(entry.text, 2000))}`, text: entry.text };
  }
}

/** A timeline entry as one short thread message; times in UTC (`HH:MM:SS`; ISO in the fallback text). */
export function renderTimelineEntry(entry: TimelineEntry, incident: Incident): SlackMessage {
  const d = describe(entry, incident);
  const body = `\`${utcTime(entry.at)}\` ${d.line}${d.more ? `\n${d.more}` : ''}`;
  return {
    text: fallbackText(`${entry.at} ${d.text}`),
    blocks: fitBudget([section(body)], { items: { start: 0, end: 0 } }),
  };
}
