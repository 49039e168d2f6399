// Alertmanager v2 API client for one call: GET /api/v2/alerts?filter=…, the alerts a silence's matchers select
// now (active, silenced, inhibited and unprocessed alike), so a silence broader than its incident can be refused.
import { formatMatcher, type LabelledAlert, type SilenceMatcher } from '../../alerts/silence-matchers.js';
import { AlertmanagerError } from '../../app/ports/alertmanager-error.js';
import { alertmanagerEndpoint, alertmanagerOrigin } from './alertmanager-endpoint.js';

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
  const { url, authorization } = alertmanagerEndpoint(baseUrl, '/api/v2/alerts');
  for (const matcher of matchers) url.searchParams.append('filter', formatMatcher(matcher));
  const where = alertmanagerOrigin(baseUrl);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: 'application/json', ...(authorization ? { authorization } : {}) },
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
  } catch (error) {
    throw new AlertmanagerError(
      `Alertmanager at ${where} did not answer: ${(error as Error).message}`,
      'Check ALERTMANAGER_URL and that netcheck can reach it (network policy, service name, port 9093).',
      undefined,
      { cause: error },
    );
  }
  const text = await response.text();
  if (!response.ok) {
    throw new AlertmanagerError(
      `Alertmanager at ${where} refused to list alerts (HTTP ${response.status}): ${text.trim().slice(0, 300) || response.statusText}`,
      response.status === 401 || response.status === 403
        ? 'Put credentials Alertmanager accepts into ALERTMANAGER_URL (http://user:password@host:9093).'
        : 'Check that ALERTMANAGER_URL points at Alertmanager (v0.16 or later: the v2 API).',
      response.status,
    );
  }
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
      response.status,
    );
  }
  return body.filter(isAlert).map((alert) => ({
    labels: alert.labels,
    ...(typeof alert.fingerprint === 'string' ? { fingerprint: alert.fingerprint } : {}),
  }));
}
