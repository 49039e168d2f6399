// Checking the credentials Alertmanager sends (http_config: `authorization` bearer, or `basic_auth`), in constant
// time: both sides are hashed to equal-length digests before timingSafeEqual, so neither the content nor the length
// of a secret leaks through timing.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface IntakeAuth {
  /** ALERTMANAGER_TOKEN: `Authorization: Bearer <token>`. */
  token?: string;
  /** ALERTMANAGER_USERNAME / ALERTMANAGER_PASSWORD: `Authorization: Basic …`. */
  username?: string;
  password?: string;
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** Digests of the configured secrets (a handful), computed once instead of on every request. */
const expectedDigests = new Map<string, Buffer>();
function expectedDigest(secret: string): Buffer {
  let known = expectedDigests.get(secret);
  if (!known) {
    if (expectedDigests.size >= 16) expectedDigests.clear();
    known = digest(secret);
    expectedDigests.set(secret, known);
  }
  return known;
}

/** Constant-time equality of two secrets. */
export function safeEqual(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), expectedDigest(expected));
}

/** Whether any credential is configured (without one, the route accepts every request). */
export function authConfigured(auth: IntakeAuth): boolean {
  return Boolean(auth.token) || Boolean(auth.username && auth.password);
}

/** Whether the request carries a configured credential. True when none is configured. */
export function checkAuth(headers: IncomingHttpHeaders, auth: IntakeAuth): boolean {
  if (!authConfigured(auth)) return true;
  const header = headers.authorization ?? '';
  const space = header.indexOf(' ');
  const scheme = space > 0 ? header.slice(0, space).toLowerCase() : '';
  const value = space > 0 ? header.slice(space + 1).trim() : '';
  let ok = false;
  if (scheme === 'bearer' && auth.token) ok = safeEqual(value, auth.token);
  if (scheme === 'basic' && auth.username && auth.password) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    // Both halves are always compared, so a wrong user name takes as long as a wrong password.
    const userOk = safeEqual(colon >= 0 ? decoded.slice(0, colon) : decoded, auth.username);
    const passOk = safeEqual(colon >= 0 ? decoded.slice(colon + 1) : '', auth.password);
    ok = userOk && passOk;
  }
  return ok;
}

/** The `WWW-Authenticate` challenge for a 401, naming the schemes that are configured. */
export function authChallenge(auth: IntakeAuth): string {
  const schemes: string[] = [];
  if (auth.token) schemes.push('Bearer realm="netcheck"');
  if (auth.username && auth.password) schemes.push('Basic realm="netcheck", charset="UTF-8"');
  return schemes.join(', ');
}
