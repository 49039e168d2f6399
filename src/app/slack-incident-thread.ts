// One incident's Slack thread, over the SlackOut, IncidentStore, Claims and ThreadLog ports: the root message posted
// exactly once across replicas (a post-once claim, then its ts stored on the incident) and updated in place; every
// other line recorded in the thread's ordered log the moment its event happens and posted from there in log order,
// once per idempotency key (a claim per line), by whichever process drains the log. Recording takes milliseconds and
// never waits for Slack, so a collection or a delivery goes on while the thread catches up, and the thread reads in
// the order things happened. A file takes its place in the log at once and its bytes go to Slack right after; the
// thread waits at that place (at most `uploadWindowMs`) until they are there. State lives behind the ports (Redis in
// production); the thread is never read back from Slack.

import type { Incident, TimelineEntry } from '../incident/incident.js';
import { renderRootMessage } from '../render/slack/render-root-message.js';
import { renderTimelineEntry } from '../render/slack/render-timeline-entry.js';
import type { SlackFile, SlackMessage } from '../render/slack/slack-message.js';
import type { Claims } from './ports/claims.js';
import type { IncidentStore } from './ports/incident-store.js';
import type { IncidentThread, ThreadLine } from './ports/incident-thread.js';
import { SlackPermanentError } from './ports/slack-errors.js';
import type { SlackOut } from './ports/slack-out.js';
import type { LoggedLine, ThreadLog } from './ports/thread-log.js';

export interface IncidentThreadDeps {
  slack: SlackOut;
  store: IncidentStore;
  claims: Claims;
  /** The threads' ordered logs. */
  log: ThreadLog;
  /** How often a caller waiting for its line looks again. @defaultValue 100 */
  pollMs?: number;
  /** How long `flush` waits for its line behind other lines before ThreadBusyError. @defaultValue 5 min */
  flushTimeoutMs?: number;
  /** How long a file's place in the log waits for its bytes before the thread goes on without it. @defaultValue 2 min */
  uploadWindowMs?: number;
}

/** A line is still waiting behind others after the flush timeout (retryable: it stays in the log). */
export class ThreadBusyError extends Error {
  constructor(
    readonly incidentId: string,
    readonly key: string,
  ) {
    super(`line ${key} of incident ${incidentId} is still waiting to be posted`);
    this.name = 'ThreadBusyError';
  }
}

const ROOT = 'root';
/** The claim value of a line Slack refused for good (nothing was posted; a retry would not help). */
const REFUSED = '\u0000refused:';

/** The claim key of one thread item: per incident, so two incidents never share a key. */
const claimKey = (incidentId: string, key: string) => `${incidentId}:${key}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function refusal(error: SlackPermanentError): string {
  return `${REFUSED}${JSON.stringify({ code: error.code, method: error.method, channel: error.channel })}`;
}

function refusedError(value: string): SlackPermanentError {
  const { code, method, channel } = JSON.parse(value.slice(REFUSED.length)) as {
    code: string;
    method: string;
    channel?: string;
  };
  return new SlackPermanentError(code, method, channel);
}

/** IncidentThread over SlackOut, the incident store, post-once claims and the ordered thread log. */
export class SlackIncidentThread implements IncidentThread {
  private readonly log: ThreadLog;

  constructor(private readonly deps: IncidentThreadDeps) {
    this.log = deps.log;
  }

  async ensureRoot(incident: Incident): Promise<Incident> {
    if (incident.rootTs) return incident;
    const stored = await this.deps.store.get(incident.id);
    if (stored?.rootTs) return { ...incident, rootTs: stored.rootTs, channel: stored.channel };
    const latest = stored ?? incident;
    const { value: rootTs } = await this.deps.claims.once(claimKey(incident.id, ROOT), async () => {
      const { ts } = await this.deps.slack.postMessage(latest.channel, renderRootMessage(latest));
      return ts;
    });
    const saved = await this.deps.store.update(incident.id, (current) =>
      current?.rootTs ? undefined : { ...(current ?? incident), rootTs },
    );
    return { ...incident, channel: saved?.channel ?? latest.channel, rootTs: saved?.rootTs ?? rootTs };
  }

  /**
   * Renders the latest state (the stored incident, or `incident` when it is newer) into the root with chat.update,
   * and again when the stored state changed meanwhile, so concurrent updates end with the latest state shown.
   */
  async updateRoot(incident: Incident): Promise<void> {
    const rooted = await this.ensureRoot(incident);
    const rootTs = rooted.rootTs ?? '';
    let shown: string | undefined;
    for (let round = 0; round < 3; round++) {
      const stored = await this.deps.store.get(incident.id);
      const latest = stored && !(Date.parse(incident.updatedAt) > Date.parse(stored.updatedAt)) ? stored : incident;
      const message = renderRootMessage({ ...latest, rootTs });
      const text = JSON.stringify(message);
      if (text === shown) return;
      await this.deps.slack.updateMessage(rooted.channel, rootTs, message);
      shown = text;
    }
  }

  async record(incident: Incident, lines: readonly ThreadLine[]): Promise<void> {
    // Every line takes its place now, in one step; a file's place waits for its bytes, uploaded right after.
    const until = Date.now() + (this.deps.uploadWindowMs ?? 120_000);
    const logged = lines.map(({ key, ...line }): { key: string; line: LoggedLine } => {
      if ('entry' in line)
        return { key, line: { kind: 'message', message: renderTimelineEntry(line.entry, incident) } };
      if ('message' in line) return { key, line: { kind: 'message', message: line.message } };
      return { key, line: { kind: 'upload', until } };
    });
    if (logged.length === 0) return;
    await this.log.append(incident.id, logged);
    try {
      for (const line of lines) {
        if (!('file' in line)) continue;
        // Only while its place still waits (a retried job fills a place its first attempt left empty).
        if ((await this.log.line(incident.id, line.key))?.kind !== 'upload') continue;
        const prepared = await this.deps.slack.prepareFile(incident.channel, line.file);
        await this.log.fill(incident.id, line.key, { kind: 'file', ...prepared });
      }
    } finally {
      this.kick(incident.id);
    }
  }

  async flush(incidentId: string, key: string): Promise<void> {
    const end = Date.now() + (this.deps.flushTimeoutMs ?? 300_000);
    for (;;) {
      const value = await this.deps.claims.get(claimKey(incidentId, key));
      if (value !== undefined) {
        if (value.startsWith(REFUSED)) throw refusedError(value);
        return;
      }
      if ((await this.drain(incidentId)) === 'drained') {
        if ((await this.deps.claims.get(claimKey(incidentId, key))) !== undefined) continue;
        if (!(await this.log.has(incidentId, key))) throw new Error(`line ${key} was never recorded in ${incidentId}`);
        return; // its content was gone from the log: nothing left to post
      }
      if (Date.now() >= end) throw new ThreadBusyError(incidentId, key);
      await sleep(this.deps.pollMs ?? 100);
    }
  }

  async postEntry(incident: Incident, key: string, entry: TimelineEntry): Promise<void> {
    await this.record(incident, [{ key, entry }]);
    await this.flush(incident.id, key);
  }

  async postMessage(incident: Incident, key: string, message: SlackMessage): Promise<void> {
    await this.record(incident, [{ key, message }]);
    await this.flush(incident.id, key);
  }

  async uploadFile(incident: Incident, key: string, file: SlackFile): Promise<void> {
    await this.record(incident, [{ key, file }]);
    await this.flush(incident.id, key);
  }

  async posted(incidentId: string, key: string): Promise<boolean> {
    return (await this.deps.claims.get(claimKey(incidentId, key))) !== undefined;
  }

  async recorded(incidentId: string, key: string): Promise<boolean> {
    return (await this.log.has(incidentId, key)) || (await this.posted(incidentId, key));
  }

  /** Drains in the background; a failure leaves the lines in the log for the next drain (a waiting caller's). */
  private kick(incidentId: string): void {
    this.drain(incidentId).catch(() => {});
  }

  /**
   * Posts the incident's log in order while holding its lease: `drained` when the log was empty at the end, `busy`
   * when another process holds (or took over) the lease. Throws when Slack or Redis fail: the line stays in the log.
   */
  private async drain(incidentId: string): Promise<'drained' | 'busy'> {
    for (;;) {
      const lease = await this.log.lease(incidentId);
      if (!lease) return 'busy';
      try {
        let rooted: Incident | undefined;
        for (;;) {
          const step = await this.log.next(incidentId);
          if (!step) break;
          // A file whose bytes are still on their way holds the thread until they arrive (or its window passes).
          if (step.line?.kind === 'upload' && Date.now() < step.line.until) return 'busy';
          if (step.line && step.line.kind !== 'upload') {
            rooted ??= await this.rooted(incidentId);
            await this.postLine(rooted, step.key, step.line);
          }
          if (!(await this.log.advance(lease, step))) return 'busy';
        }
      } finally {
        await lease.release();
      }
      // A line appended while the lease was being given back would otherwise wait for the next drain.
      if (!(await this.log.pending(incidentId))) return 'drained';
    }
  }

  private async rooted(incidentId: string): Promise<Incident> {
    const incident = await this.deps.store.get(incidentId);
    if (!incident) throw new Error(`incident ${incidentId} is not in the store: its thread cannot be posted`);
    return this.ensureRoot(incident);
  }

  private async postLine(rooted: Incident, key: string, line: Exclude<LoggedLine, { kind: 'upload' }>): Promise<void> {
    const threadTs = rooted.rootTs ?? '';
    await this.deps.claims.once(claimKey(rooted.id, key), async () => {
      try {
        if (line.kind === 'message') {
          return (await this.deps.slack.postMessage(rooted.channel, line.message, threadTs)).ts;
        }
        const { fileId, title, comment } = line;
        await this.deps.slack.shareFile(rooted.channel, threadTs, {
          fileId,
          title,
          ...(comment === undefined ? {} : { comment }),
        });
        return 'uploaded';
      } catch (error) {
        // Slack will never take this line: record the refusal so the thread goes on and its waiter learns why.
        if (error instanceof SlackPermanentError) return refusal(error);
        throw error;
      }
    });
  }
}
