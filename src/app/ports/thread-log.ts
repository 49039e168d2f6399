// The ThreadLog port: the ordered log of one incident's thread. Every line is appended the moment its event happens,
// by whichever process saw it, and posted later in log order by one drainer at a time (a lease).
import type { SlackMessage } from '../../render/slack/slack-message.js';

/**
 * A line waiting in the log: a message; a file whose bytes Slack already has (shared when its turn comes); or the
 * place of a file whose bytes are still on their way (filled in by `fill`, skipped once `until` has passed).
 */
export type LoggedLine =
  | { kind: 'message'; message: SlackMessage }
  | { kind: 'file'; fileId: string; title: string; comment?: string }
  | { kind: 'upload'; until: number };

/** The next line to post: its position, key and content (undefined when the line was lost or already removed). */
export interface LogStep {
  index: number;
  key: string;
  line?: LoggedLine;
}

/** The right to post one incident's log, renewed while held. */
export interface Lease {
  readonly incidentId: string;
  readonly token: string;
  /** Stops renewing and gives the lease back. */
  release(): Promise<void>;
}

/** Ordered thread logs (src/adapters/redis/thread-log.ts). */
export interface ThreadLog {
  /** Appends the lines whose keys were never appended, in order, in one step. Returns how many were new. */
  append(incidentId: string, lines: readonly { key: string; line: LoggedLine }[]): Promise<number>;
  /** Whether `key` was ever appended to the incident's log. */
  has(incidentId: string, key: string): Promise<boolean>;
  /** The line recorded under `key` while it waits to be posted; undefined once posted (or never recorded). */
  line(incidentId: string, key: string): Promise<LoggedLine | undefined>;
  /** Puts `line` in the place of the upload placeholder `key`; false when the place is gone (posted or skipped). */
  fill(incidentId: string, key: string, line: LoggedLine): Promise<boolean>;
  /** Whether lines wait to be posted. */
  pending(incidentId: string): Promise<boolean>;
  /** The line to post next, or undefined when every line was posted. */
  next(incidentId: string): Promise<LogStep | undefined>;
  /** Marks line `step` done. False when the lease was lost meanwhile (another process drains now). */
  advance(lease: Lease, step: LogStep): Promise<boolean>;
  /** Takes the incident's drain lease, or returns undefined while another process holds it. */
  lease(incidentId: string): Promise<Lease | undefined>;
}
