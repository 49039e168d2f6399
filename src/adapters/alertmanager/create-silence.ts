// Alertmanager v2 API client for one call: POST /api/v2/silences. Credentials in ALERTMANAGER_URL's user info
// become a basic-auth header (src/adapters/alertmanager/alertmanager-endpoint.ts).

import { AlertmanagerError } from '../../app/ports/alertmanager-error.js';
import type { PostableSilence } from '../../incident/incident-silences.js';
import { alertmanagerEndpoint, alertmanagerOrigin } from './alertmanager-endpoint.js';

export { alertmanagerOrigin } from './alertmanager-endpoint.js';

export interface CreateSilenceOptions {
  /** @defaultValue 5000 */
  timeoutMs?: number;
}

/** Creates `silence` in the Alertmanager at `baseUrl` (ALERTMANAGER_URL); returns its silence id. */
export async function createSilence(
  baseUrl: string,
  silence: PostableSilence,
  options: CreateSilenceOptions = {},
): Promise<string> {
  if (silence.matchers.length === 0) {
    throw new AlertmanagerError(
      'this incident has no alert labels to silence',
      'Silence it in Alertmanager directly with the matchers you want.',
    );
  }
  const { url, authorization } = alertmanagerEndpoint(baseUrl, '/api/v2/silences');
  const where = alertmanagerOrigin(baseUrl);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(silence),
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
    const reason = text.trim().slice(0, 300) || response.statusText;
    throw new AlertmanagerError(
      `Alertmanager at ${where} refused the silence (HTTP ${response.status}): ${reason}`,
      response.status === 401 || response.status === 403
        ? 'Put credentials Alertmanager accepts into ALERTMANAGER_URL (http://user:password@host:9093).'
        : 'Check that ALERTMANAGER_URL points at Alertmanager (v0.16 or later: the v2 API).',
      response.status,
    );
  }
  let id: unknown;
  try {
    id = (JSON.parse(text) as { silenceID?: unknown }).silenceID;
  } catch {
    id = undefined;
  }
  if (typeof id !== 'string' || id === '') {
    throw new AlertmanagerError(
      `Alertmanager at ${where} answered without a silenceID`,
      'Check that ALERTMANAGER_URL points at Alertmanager itself, not a proxy or UI.',
      response.status,
    );
  }
  return id;
}
