// Identities of an Alertmanager group and of one delivery of it. Pure.
import { alertFingerprint } from './alert-fingerprint.js';
import type { AlertmanagerPayload } from './alertmanager-payload.js';
import { stableHash } from './stable-hash.js';

/** The incident of an Alertmanager group in a cluster: `inc-` + a hash of cluster and `groupKey`. */
export function incidentId(cluster: string, groupKey: string): string {
  return `inc-${stableHash(`${cluster}\n${groupKey}`, 24)}`;
}

/**
 * The identity of one delivery: a hash of cluster, `groupKey`, the group's status and, per alert sorted by
 * fingerprint, its fingerprint, status and `startsAt`. Never text (annotations, URLs, `endsAt` of firing alerts), so
 * the identical deliveries of HA peers and retries share it, and a re-fire (new `startsAt`) does not. Hex only: it is
 * used as a BullMQ job id.
 */
export function deliveryKey(cluster: string, payload: AlertmanagerPayload): string {
  const alerts = payload.alerts.map((alert) => `${alertFingerprint(alert)}|${alert.status}|${alert.startsAt}`).sort();
  return stableHash(JSON.stringify([cluster, payload.groupKey, payload.status, alerts]), 40);
}
