// Applying one Alertmanager delivery to an incident: the new state and the timeline entries it adds. Pure.
//
// - A new group → a new incident and `fired` (plus `resolved` for alerts that arrive already resolved).
// - New fingerprints → `fired`; a known alert firing with a new `startsAt` → `refired` (a resolved incident
//   firing again reopens the same incident).
// - The same firing set again within the duplicate window (HA peers, retries) → nothing at all.
// - The same firing set after the window (a `repeat_interval` re-send) → `still-firing`, resends + 1.
// - Resolved alerts → `resolved`; the incident resolves when no alert fires.
// - Out-of-order deliveries (a firing alert with the `startsAt` of an episode already resolved, a resolve of an
//   older episode) change nothing.
// Entry keys are deterministic, so a retried job posts nothing twice.
import { type AlertNode, alertNode } from '../alerts/alert-node.js';
import type { AlertmanagerPayload } from '../alerts/alertmanager-payload.js';
import { incidentId } from '../alerts/delivery-key.js';
import { stableHash } from '../alerts/stable-hash.js';
import { defaultTriageRules, matchesTriage, type TriageRule } from '../alerts/triage-rules.js';
import { toAlertState } from './alert-state.js';
import type { AlertState, Incident, TimelineEntry } from './incident.js';
import { incidentTitle } from './incident-title.js';

/** Alertmanager HA peers deliver the same group within seconds; 2 minutes is well inside `group_interval` (5 m). */
export const DEFAULT_DUPLICATE_WINDOW_MS = 2 * 60_000;

export interface DeliveryContext {
  cluster: string;
  /** Channel for a new incident (routing already applied); an existing incident keeps its channel. */
  channel: string;
  /** When the delivery arrived (ISO 8601). */
  now: string;
  duplicateWindowMs: number;
  /** Auto-triage rules; default DEFAULT_TRIAGE_ALERTS. */
  triageRules?: readonly TriageRule[];
}

/** A node collection the delivery asks for (a triage alert that fired or re-fired). */
export interface TriageRequest {
  /** What the collection job carries: a node name, or an `instance` value the worker resolves. */
  node: string;
  ref: NonNullable<AlertNode['ref']>;
  labels: Record<string, string>;
  alert: AlertState;
}

export interface KeyedEntry {
  key: string;
  entry: TimelineEntry;
}

export interface DeliveryResult {
  incident: Incident;
  /** In thread order. Empty when the delivery changes nothing. */
  entries: KeyedEntry[];
  /** The root message shows something that changed (status, title, alert counts, truncation). */
  rootChanged: boolean;
  triage: TriageRequest[];
  /** False when the delivery is a duplicate or stale: nothing to store or post. */
  changed: boolean;
}

function entryKey(type: string, alerts: readonly AlertState[], time: (a: AlertState) => string): string {
  const parts = alerts.map((a) => `${a.fingerprint}:${time(a)}`).sort();
  return parts.length === 1 ? `${type}:${parts[0]}` : `${type}:${stableHash(parts.join(','), 24)}`;
}

const ms = (time: string | undefined) => (time ? Date.parse(time) : Number.NaN);

function earlier(a: string, b: string): boolean {
  const x = ms(a);
  const y = ms(b);
  return Number.isFinite(x) && Number.isFinite(y) && x < y;
}

interface Diff {
  fired: AlertState[];
  refired: AlertState[];
  resolved: AlertState[];
  merged: AlertState[];
}

function diff(previous: readonly AlertState[], incoming: readonly AlertState[]): Diff {
  const byFingerprint = new Map(previous.map((a) => [a.fingerprint, a]));
  const out: Diff = { fired: [], refired: [], resolved: [], merged: [] };
  for (const alert of incoming) {
    const prev = byFingerprint.get(alert.fingerprint);
    let keep: AlertState = alert;
    if (!prev) {
      (alert.status === 'firing' ? out.fired : out.resolved).push(alert);
    } else if (alert.status === 'firing') {
      const sameEpisode = prev.startsAt === alert.startsAt;
      if (earlier(alert.startsAt, prev.startsAt) || (sameEpisode && prev.status === 'resolved')) keep = prev;
      else if (!sameEpisode) out.refired.push(alert);
    } else if (prev.status === 'firing' && !earlier(alert.startsAt, prev.startsAt)) {
      out.resolved.push(alert);
    } else {
      keep = prev;
    }
    byFingerprint.set(alert.fingerprint, keep);
  }
  out.merged = [...byFingerprint.values()];
  return out;
}

function unique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

function triageOf(alerts: readonly AlertState[], rules: readonly TriageRule[]): TriageRequest[] {
  const requests: TriageRequest[] = [];
  const seen = new Set<string>();
  for (const alert of alerts) {
    if (!matchesTriage(alert, rules)) continue;
    const node = alertNode(alert.labels);
    if (!node.ref || !node.target || seen.has(node.target)) continue;
    seen.add(node.target);
    requests.push({ node: node.target, ref: node.ref, labels: { ...alert.labels }, alert });
  }
  return requests;
}

const firingSince = (alerts: readonly AlertState[], fallback: string) =>
  alerts
    .filter((a) => a.status === 'firing')
    .map((a) => a.startsAt)
    .reduce((min, t) => (earlier(t, min) ? t : min), fallback);

/** Applies one delivery to `current` (undefined for a group never seen). See the rules above. */
export function applyDelivery(
  current: Incident | undefined,
  payload: AlertmanagerPayload,
  ctx: DeliveryContext,
): DeliveryResult {
  const incoming = payload.alerts.map(toAlertState);
  const rules = ctx.triageRules ?? defaultTriageRules();
  const d = diff(current?.alerts ?? [], incoming);
  const firing = d.merged.some((a) => a.status === 'firing');
  const status: Incident['status'] = firing ? 'firing' : 'resolved';
  const base: Incident = current ?? {
    id: incidentId(ctx.cluster, payload.groupKey),
    cluster: ctx.cluster,
    source: 'alert',
    groupKey: payload.groupKey,
    title: '',
    status,
    channel: ctx.channel,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    alerts: [],
    commonLabels: {},
    groupLabels: {},
    truncatedAlerts: 0,
    resends: 0,
    nodes: [],
    checks: [],
  };
  const changedAlerts = d.fired.length + d.refired.length + d.resolved.length > 0;

  if (current && !changedAlerts) {
    const last = ms(current.lastDeliveryAt ?? current.updatedAt);
    const sameStatus = current.status === status;
    const withinWindow = Number.isFinite(last) && ms(ctx.now) - last < ctx.duplicateWindowMs;
    if (!sameStatus || status === 'resolved' || withinWindow || payload.status !== 'firing') {
      return { incident: current, entries: [], rootChanged: false, triage: [], changed: false };
    }
    const resends = current.resends + 1;
    const incident: Incident = { ...current, resends, lastDeliveryAt: ctx.now, updatedAt: ctx.now };
    const entry: TimelineEntry = {
      type: 'still-firing',
      at: ctx.now,
      resends,
      since: firingSince(current.alerts, current.createdAt),
    };
    return {
      incident,
      entries: [{ key: `still-firing:${resends}`, entry }],
      rootChanged: false,
      triage: [],
      changed: true,
    };
  }

  const nodes = unique([...base.nodes, ...d.merged.flatMap((a) => (a.node ? [a.node] : []))]);
  const incident: Incident = {
    ...base,
    status,
    alerts: d.merged,
    commonLabels: { ...payload.commonLabels },
    groupLabels: { ...payload.groupLabels },
    truncatedAlerts: payload.truncatedAlerts,
    lastDeliveryAt: ctx.now,
    updatedAt: ctx.now,
    nodes,
  };
  if (payload.externalURL) incident.externalURL = payload.externalURL;
  incident.title = incidentTitle(incident);
  if (status === 'resolved')
    incident.resolvedAt = current?.status === 'resolved' ? (current.resolvedAt ?? ctx.now) : ctx.now;
  else delete incident.resolvedAt;

  const entries: KeyedEntry[] = [];
  if (d.fired.length > 0) {
    entries.push({
      key: entryKey('fired', d.fired, (a) => a.startsAt),
      entry: { type: 'fired', at: ctx.now, alerts: d.fired, truncatedAlerts: payload.truncatedAlerts },
    });
  }
  if (d.refired.length > 0) {
    entries.push({
      key: entryKey('refired', d.refired, (a) => a.startsAt),
      entry: { type: 'refired', at: ctx.now, alerts: d.refired },
    });
  }
  if (d.resolved.length > 0) {
    entries.push({
      key: entryKey('resolved', d.resolved, (a) => a.endsAt ?? a.startsAt),
      entry: { type: 'resolved', at: ctx.now, alerts: d.resolved, all: status === 'resolved' },
    });
  }
  const rootChanged =
    current !== undefined &&
    (current.status !== status ||
      current.title !== incident.title ||
      current.truncatedAlerts !== incident.truncatedAlerts ||
      changedAlerts);
  return {
    incident,
    entries,
    rootChanged,
    triage: triageOf([...d.fired, ...d.refired], rules),
    changed: true,
  };
}
