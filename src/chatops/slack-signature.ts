// Whether a request really comes from Slack, now: the v0 signature (HMAC-SHA256 of `v0:<timestamp>:<raw body>` with
// the signing secret, compared in constant time) and a timestamp at most 5 minutes away from now, either way. Pure.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a request's timestamp may be from now, in the past or the future (Slack's rule). */
export const SIGNATURE_WINDOW_SECONDS = 5 * 60;

export interface SignedRequest {
  /** X-Slack-Request-Timestamp (seconds since the epoch, as sent). */
  timestamp: string | undefined;
  /** X-Slack-Signature (`v0=<hex>`). */
  signature: string | undefined;
  /** The raw body, exactly as received. */
  body: Buffer | string;
}

export type SignatureCheck = { ok: true; timestampSeconds: number } | { ok: false; reason: string };

/** Checks `request` against `signingSecret` at `nowMs`; a failure says why (for the log, never for the caller). */
export function checkSlackSignature(request: SignedRequest, signingSecret: string, nowMs: number): SignatureCheck {
  const { timestamp, signature } = request;
  if (timestamp === undefined || signature === undefined) {
    return { ok: false, reason: 'the X-Slack-Signature or X-Slack-Request-Timestamp header is missing' };
  }
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'X-Slack-Request-Timestamp is not a number' };
  const seconds = Number(timestamp);
  const skew = seconds - Math.floor(nowMs / 1000);
  if (Math.abs(skew) > SIGNATURE_WINDOW_SECONDS) {
    return {
      ok: false,
      reason: `X-Slack-Request-Timestamp is ${Math.abs(skew)} s in the ${skew > 0 ? 'future' : 'past'} (at most ${SIGNATURE_WINDOW_SECONDS} s either way)`,
    };
  }
  const match = /^v0=([0-9a-f]{64})$/.exec(signature);
  if (!match?.[1]) return { ok: false, reason: 'X-Slack-Signature is not a v0 signature' };
  const expected = createHmac('sha256', signingSecret).update(`v0:${timestamp}:`).update(request.body).digest();
  if (!timingSafeEqual(Buffer.from(match[1], 'hex'), expected)) return { ok: false, reason: 'signature mismatch' };
  return { ok: true, timestampSeconds: seconds };
}

/**
 * How long to remember a request's signature so a replay is recognised: until its timestamp leaves the window on
 * this clock, plus a minute for replicas whose clocks run behind.
 */
export function replayMemorySeconds(timestampSeconds: number, nowMs: number): number {
  return Math.max(1, timestampSeconds + SIGNATURE_WINDOW_SECONDS - Math.floor(nowMs / 1000)) + 60;
}
