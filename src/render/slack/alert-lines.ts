// Alerts and node checks as short mrkdwn lines, shared by the root message and the timeline. Pure.
import type { AlertState, NodeCheck } from '../../incident/incident.js';
import { SEVERITY_EMOJI } from './finding-blocks.js';
import { bold, escapeMrkdwn, inlineCode } from './mrkdwn.js';
import { ELLIPSIS, truncatePlain } from './truncate.js';
import { utcTime } from './utc-time.js';

/** `• :fire: *NodeHighNumberConntrackEntriesUsed* on `node-7` (warning): summary`. */
export function alertLine(alert: AlertState): string {
  const emoji = alert.status === 'firing' ? ':fire:' : ':white_check_mark:';
  const node = alert.node ? ` on ${inlineCode(alert.node)}` : '';
  const severity = alert.severity ? ` (${escapeMrkdwn(truncatePlain(alert.severity, 30))})` : '';
  const summary = alert.summary ? `: ${escapeMrkdwn(truncatePlain(alert.summary.replace(/\s+/g, ' '), 200))}` : '';
  return `• ${emoji} ${bold(truncatePlain(alert.alertname, 120))}${node}${severity}${summary}`;
}

/** Up to `max` alert lines, firing first, then "… and N more". */
export function alertLines(alerts: readonly AlertState[], max: number, truncatedAlerts = 0): string[] {
  const ordered = [...alerts].sort((a, b) => (a.status === b.status ? 0 : a.status === 'firing' ? -1 : 1));
  const lines = ordered.slice(0, max).map(alertLine);
  const hidden = ordered.length - Math.min(ordered.length, max);
  if (hidden > 0) lines.push(`${ELLIPSIS} and ${hidden} more alert${hidden === 1 ? '' : 's'}`);
  if (truncatedAlerts > 0) lines.push(truncatedLine(truncatedAlerts));
  return lines;
}

/** The note for Alertmanager's `truncatedAlerts`. */
export function truncatedLine(truncatedAlerts: number): string {
  return `:scissors: Alertmanager left out ${truncatedAlerts} more alert${truncatedAlerts === 1 ? '' : 's'} of this group (max_alerts)`;
}

/** `• :red_circle: `node-7` at 12:03:04: 2 critical, 1 warning: worst title` or the failure. */
export function checkLine(check: NodeCheck): string {
  const at = utcTime(check.at);
  if (!check.ok) {
    const error = check.error ? `: ${escapeMrkdwn(truncatePlain(check.error, 200))}` : '';
    return `• :x: ${inlineCode(check.node)} at ${at}: collection failed${error}`;
  }
  const counts = check.counts;
  const worst = counts ? (['critical', 'warning'] as const).find((s) => counts[s] > 0) : undefined;
  const summary = counts
    ? (['critical', 'warning', 'info'] as const)
        .filter((s) => counts[s] > 0)
        .map((s) => `${counts[s]} ${s}`)
        .join(', ')
    : '';
  const top = worst && check.top ? `: ${escapeMrkdwn(truncatePlain(check.top, 160))}` : '';
  const verdict = worst ? summary : summary ? `no problem found (${summary})` : 'no problem found';
  return `• ${SEVERITY_EMOJI[worst ?? 'ok']} ${inlineCode(check.node)} at ${at}: ${verdict}${top}`;
}
