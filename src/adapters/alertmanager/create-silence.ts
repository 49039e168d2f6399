// Alertmanager v2 API client for one call: POST /api/v2/silences. Credentials in ALERTMANAGER_URL's user info
// become a basic-auth header (src/adapters/alertmanager/alertmanager-call.ts).
import { AlertmanagerError } from '../../app/ports/alertmanager-error.js';
import type { PostableSilence } from '../../incident/incident-silences.js';
import { callAlertmanager } from './alertmanager-call.js';

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
  const { text, status, where } = await callAlertmanager(baseUrl, {
    path: '/api/v2/silences',
    method: 'POST',
    body: silence,
    refused: 'refused the silence',
    timeoutMs: options.timeoutMs ?? 5000,
  });
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
      status,
    );
  }
  return id;
}
