// The IncidentThread port: one incident's Slack thread, its root posted once and its lines in causal order.
import type { Incident, TimelineEntry } from '../../incident/incident.js';
import type { SlackFile, SlackMessage } from '../../render/slack/slack-message.js';

/** One line of an incident's thread under its idempotency key: a timeline entry, a prepared message or a file. */
export type ThreadLine = { key: string } & ({ entry: TimelineEntry } | { message: SlackMessage } | { file: SlackFile });

/**
 * One incident's Slack thread (src/app/slack-incident-thread.ts): the root message posted exactly once across
 * replicas and updated in place; every other line recorded in the thread's ordered log the moment it happens and
 * posted from there in order, once per idempotency key.
 */
export interface IncidentThread {
  /** Posts the root message if it has none yet; returns the incident with `rootTs`. */
  ensureRoot(incident: Incident): Promise<Incident>;
  /** Re-renders the root message (status, latest checks) with chat.update. */
  updateRoot(incident: Incident): Promise<void>;
  /**
   * Records lines in the thread's log, in order and next to each other (a file's bytes go to Slack first), without
   * waiting for Slack: they are posted in log order by whichever process drains the log. A key already recorded is
   * skipped.
   */
  record(incident: Incident, lines: readonly ThreadLine[]): Promise<void>;
  /** Resolves once the line under `key`, and so every line recorded before it, is in the thread (posting them). */
  flush(incidentId: string, key: string): Promise<void>;
  /** Posts a timeline entry into the thread once for `key`; a second call with the same key posts nothing. */
  postEntry(incident: Incident, key: string, entry: TimelineEntry): Promise<void>;
  /** Posts a prepared message (a node's diagnosis, a sweep table) into the thread once for `key`. */
  postMessage(incident: Incident, key: string, message: SlackMessage): Promise<void>;
  /** Uploads a file into the thread once for `key`. */
  uploadFile(incident: Incident, key: string, file: SlackFile): Promise<void>;
  /** Whether the line under `key` is in the thread (posted, or refused by Slack for good). */
  posted(incidentId: string, key: string): Promise<boolean>;
  /**
   * Whether the line under `key` is recorded (in the log or posted). A collection job waits (briefly) until its
   * "queued" entry (key `queued:<jobId>`) is recorded before recording "started": the log, hence the thread, keeps
   * causal order across processes without the job waiting for Slack.
   */
  recorded(incidentId: string, key: string): Promise<boolean>;
}
