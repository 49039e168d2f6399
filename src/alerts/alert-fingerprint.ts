// An alert's fingerprint: Alertmanager's own when it sends one, else a stable hash of the label set. Pure.
import type { AlertmanagerAlert } from './alertmanager-payload.js';
import { stableHash } from './stable-hash.js';

/**
 * Alertmanager ≥ 0.19 sends `fingerprint` (the hash of the alert's labels). For older senders the same idea: a hash
 * of the sorted label set, prefixed `l` so it can never collide with a real 16-hex-digit fingerprint.
 */
export function alertFingerprint(alert: Pick<AlertmanagerAlert, 'labels' | 'fingerprint'>): string {
  if (alert.fingerprint) return alert.fingerprint;
  const pairs = Object.entries(alert.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `l${stableHash(JSON.stringify(pairs), 16)}`;
}
