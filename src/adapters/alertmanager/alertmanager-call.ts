// One request to Alertmanager's v2 API with netcheck's errors: no answer, or a refusal (credentials, or not an
// Alertmanager), each an AlertmanagerError with its fix. Shared by the silence and alert calls.
import { AlertmanagerError } from '../../app/ports/alertmanager-error.js';
import { alertmanagerEndpoint, alertmanagerOrigin } from './alertmanager-endpoint.js';

export interface AlertmanagerCall {
  /** `/api/v2/...`, with `query` appended as repeated parameters. */
  path: string;
  query?: readonly [string, string][];
  method?: 'GET' | 'POST';
  body?: unknown;
  /** What the call does, for the refusal message, e.g. `refused the silence`. */
  refused: string;
  timeoutMs: number;
}

/** Sends `call` to the Alertmanager at `baseUrl` (ALERTMANAGER_URL); returns the 2xx answer's status and text. */
export async function callAlertmanager(
  baseUrl: string,
  call: AlertmanagerCall,
): Promise<{ status: number; text: string; where: string }> {
  const { url, authorization } = alertmanagerEndpoint(baseUrl, call.path);
  for (const [name, value] of call.query ?? []) url.searchParams.append(name, value);
  const where = alertmanagerOrigin(baseUrl);
  const json = call.body !== undefined;
  let response: Response;
  try {
    response = await fetch(url, {
      method: call.method ?? 'GET',
      headers: {
        ...(json ? { 'content-type': 'application/json' } : { accept: 'application/json' }),
        ...(authorization ? { authorization } : {}),
      },
      ...(json ? { body: JSON.stringify(call.body) } : {}),
      signal: AbortSignal.timeout(call.timeoutMs),
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
      `Alertmanager at ${where} ${call.refused} (HTTP ${response.status}): ${reason}`,
      response.status === 401 || response.status === 403
        ? 'Put credentials Alertmanager accepts into ALERTMANAGER_URL (http://user:password@host:9093).'
        : 'Check that ALERTMANAGER_URL points at Alertmanager (v0.16 or later: the v2 API).',
      response.status,
    );
  }
  return { status: response.status, text, where };
}
