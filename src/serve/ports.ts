// The seams between the bot's parts. Each interface has one adapter in src/adapters/ and is what the others call.
import type { CollectionReason, Incident, Requester, TimelineEntry } from '../incident/incident.js';

/** A Slack message as the pure renderer builds it (src/render/slack/). `text` is the notification fallback. */
export interface SlackMessage {
  text: string;
  blocks: readonly Record<string, unknown>[];
}

export interface SlackFile {
  filename: string;
  title: string;
  content: string | Buffer;
  /** Short text posted with the file. */
  comment?: string;
}

/** A file whose bytes Slack already has, shared into a thread later (SlackOut.prepareFile, then shareFile). */
export interface PreparedFile {
  fileId: string;
  title: string;
  comment?: string;
}

/**
 * Outbound Slack (src/adapters/slack/slack-poster.ts): per-channel rate limit, 429 Retry-After, retries of 5xx and
 * timeouts, no retry of permanent errors (thrown as SlackPermanentError), FIFO per channel so a thread keeps its order.
 */
export interface SlackOut {
  postMessage(channel: string, message: SlackMessage, threadTs?: string): Promise<{ ts: string }>;
  updateMessage(channel: string, ts: string, message: SlackMessage): Promise<void>;
  postEphemeral(channel: string, user: string, message: SlackMessage): Promise<void>;
  /** files.getUploadURLExternal + upload + files.completeUploadExternal into a thread. */
  uploadFile(channel: string, threadTs: string, file: SlackFile): Promise<void>;
  /** The first half of uploadFile: the bytes go to Slack, nothing is shared yet. */
  prepareFile(channel: string, file: SlackFile): Promise<PreparedFile>;
  /** The second half: shares a prepared file into a thread (files.completeUploadExternal). */
  shareFile(channel: string, threadTs: string, file: PreparedFile): Promise<void>;
}

/** Incident state in Redis (src/adapters/redis/incident-store.ts). The bot never reads a thread back from Slack. */
export interface IncidentStore {
  get(id: string): Promise<Incident | undefined>;
  /** Read-modify-write under a per-incident lock; `change` returns the new state (or undefined to leave it). */
  update(id: string, change: (current: Incident | undefined) => Incident | undefined): Promise<Incident | undefined>;
  /** The open (firing) incident that concerns this node, if any. */
  openIncidentForNode(node: string): Promise<Incident | undefined>;
  /** Most recent incidents first (for `/netcheck status`). */
  recent(limit: number): Promise<Incident[]>;
}

/** One line of an incident's thread under its idempotency key: a timeline entry, a prepared message or a file. */
export type ThreadLine = { key: string } & ({ entry: TimelineEntry } | { message: SlackMessage } | { file: SlackFile });

/**
 * One incident's Slack thread (src/adapters/slack/incident-thread.ts): the root message posted exactly once across
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

/** A request to collect one node, as a BullMQ job's data (src/adapters/queue/). */
export interface CollectionJob {
  incidentId: string;
  node: string;
  reason: CollectionReason;
  requestedBy?: Requester;
  /** Alert labels, when auto-triaged (instance/job help the Prometheus cross-check). */
  alertLabels?: Record<string, string>;
  requestedAt: string;
  /**
   * Timeline key of the "queued" entry the job waits for before posting "started", when one entry announces several
   * jobs (a `/netcheck node-1 node-2`). @defaultValue `queued:<jobId>`
   */
  queuedKey?: string;
}

export type EnqueueOutcome =
  /** `nodes`: the nodes a node-list sweep will collect (the others were debounced). */
  | { state: 'queued'; jobId: string; nodes?: string[] }
  /** Same node already waiting or running: the existing job will answer. */
  | { state: 'already-queued'; jobId: string }
  /** Auto-triage for this node ran recently (per-node debounce). */
  | { state: 'debounced'; lastAt: string; nextAt: string };

/** The collection queue (src/adapters/queue/collect-queue.ts). */
export interface CollectionQueue {
  enqueue(job: CollectionJob): Promise<EnqueueOutcome>;
  /** A sweep of every node (or a selector), answered with one hotspot message. */
  enqueueSweep(job: {
    incidentId: string;
    requestedBy?: Requester;
    selector?: string;
    requestedAt: string;
    /** As in CollectionJob. @defaultValue `queued:<jobId>` */
    queuedKey?: string;
    /**
     * Sweep these nodes (names, or alert `instance` values matched by address) instead of every node: the auto-triage
     * of a delivery that names many nodes.
     */
    nodes?: string[];
    /** The labels of the alert behind each of `nodes`: the worker finds each node from all of them. */
    nodeLabels?: Record<string, Record<string, string>>;
    /** `auto-triage` debounces each node of `nodes` like a single collection. @defaultValue 'check-all' */
    reason?: CollectionReason;
  }): Promise<EnqueueOutcome>;
  counts(): Promise<Record<'waiting' | 'active' | 'delayed' | 'failed' | 'completed', number>>;
}
