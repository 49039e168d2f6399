// Alertmanager v2 API client for one call: GET /api/v2/alerts?filter=…, the alerts a silence's matchers select
// now (active, silenced, inhibited and unprocessed alike), so a silence broader than its incident can be refused.
import { formatMatcher, type LabelledAlert, type SilenceMatcher } from '../../alerts/silence-matchers.js';
import { AlertmanagerError } from '../../app/ports/alertmanager-error.js';
import { callAlertmanager } from './alertmanager-call.js';

export interface FindAlertsOptions {
  /** @defaultValue 5000 */
  timeoutMs?: number;
}

function isAlert(value: unknown): value is { labels: Record<string, string>; fingerprint?: unknown } {
  if (typeof value !== 'object' || value === null) return false;
  const labels = (value as { labels?: unknown }).labels;
  return (
    typeof labels === 'object' && labels !== null && Object.values(labels).every((label) => typeof label === 'string')
  );
}

/** The alerts Alertmanager at `baseUrl` has now that `matchers` select. */
export async function findAlerts(
  baseUrl: string,
  matchers: readonly SilenceMatcher[],
  options: FindAlertsOptions = {},
): Promise<LabelledAlert[]> {
  const { text, status, where } = await callAlertmanager(baseUrl, {
    path: '/api/v2/alerts',
    query: matchers.map((matcher) => ['filter', formatMatcher(matcher)] as [string, string]),
    refused: 'refused to list alerts',
    timeoutMs: options.timeoutMs ?? 5000,
  });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!Array.isArray(body)) {
    throw new AlertmanagerError(
      `Alertmanager at ${where} answered GET /api/v2/alerts without a list of alerts`,
      'Check that ALERTMANAGER_URL points at Alertmanager itself, not a proxy or UI.',
      status,
    );
  }
  return body.filter(isAlert).map((alert) => ({
    labels: alert.labels,
    ...(typeof alert.fingerprint === 'string' ? { fingerprint: alert.fingerprint } : {}),
  }));
}
