// An incident and its timeline: what the bot keeps in Redis and renders into one Slack thread. Types only.
import type { Severity } from '../domain/finding.js';
import type { NodeExecErrorCode } from '../exec/node-exec-error.js';
import type { ExecMode } from '../exec/node-executor.js';

/** Who asked, from a Slack payload. Rendered as plain text (the name), never as a mention. */
export interface Requester {
  userId: string;
  userName: string;
}

/** One alert of an Alertmanager group, as the incident remembers it (latest delivery wins). */
export interface AlertState {
  fingerprint: string;
  alertname: string;
  status: 'firing' | 'resolved';
  startsAt: string;
  /** Absent while firing (Alertmanager sends 0001-01-01T00:00:00Z). */
  endsAt?: string;
  /** The Kubernetes node the alert names, when a node label resolves to a valid node name. */
  node?: string;
  severity?: string;
  /** annotations.summary, else annotations.description, else annotations.message. Raw text: escape when rendering. */
  summary?: string;
  labels: Record<string, string>;
  generatorURL?: string;
}

export type FindingCounts = Record<Severity, number>;

/** The latest collection of one node in this incident. */
export interface NodeCheck {
  node: string;
  at: string;
  ok: boolean;
  counts?: FindingCounts;
  /** Title of the worst finding. */
  top?: string;
  /** Failure message when !ok. */
  error?: string;
}

export type CollectionReason = 'auto-triage' | 'command' | 'rerun' | 'check-all';

export interface Incident {
  /** `inc-<hash of cluster + groupKey>` for alerts, `man-<random>` for manual checks. */
  id: string;
  cluster: string;
  source: 'alert' | 'manual';
  groupKey?: string;
  title: string;
  status: 'firing' | 'resolved';
  /** Slack channel id of the root message. */
  channel: string;
  /** The root message's ts, once posted. */
  rootTs?: string;
  createdAt: string;
  updatedAt: string;
  resolvedAt?: string;
  alerts: AlertState[];
  commonLabels: Record<string, string>;
  groupLabels: Record<string, string>;
  externalURL?: string;
  truncatedAlerts: number;
  /** Re-sends of an unchanged firing group after the duplicate window (repeat_interval): "still firing". */
  resends: number;
  lastDeliveryAt?: string;
  /** Nodes this incident concerns (from the alerts' labels, or the command). */
  nodes: string[];
  checks: NodeCheck[];
  requestedBy?: Requester;
  silence?: { id: string; until: string; by: Requester };
}

/** One line of an incident's thread. Each is posted once (idempotency key per entry, see ports.ts). */
export type TimelineEntry =
  | { type: 'fired'; at: string; alerts: AlertState[]; truncatedAlerts: number }
  | { type: 'refired'; at: string; alerts: AlertState[] }
  | { type: 'still-firing'; at: string; resends: number; since: string }
  | { type: 'resolved'; at: string; alerts: AlertState[]; all: boolean }
  | { type: 'collection-queued'; at: string; nodes: string[]; reason: CollectionReason; by?: Requester }
  | { type: 'collection-debounced'; at: string; node: string; lastAt: string; nextAt: string }
  | { type: 'collection-started'; at: string; node: string; mode: ExecMode }
  | {
      type: 'collection-failed';
      at: string;
      node: string;
      code: NodeExecErrorCode | 'internal';
      message: string;
      hint: string;
      /** False when the job will be retried. */
      final: boolean;
    }
  | { type: 'silenced'; at: string; by: Requester; until: string; silenceId: string }
  | { type: 'note'; at: string; text: string };
