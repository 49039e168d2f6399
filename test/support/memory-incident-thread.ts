// The IncidentThread port in memory (src/app/ports/incident-thread.ts), for use-case tests: one ordered list of lines
// per incident, each key once, every recorded line at once "in the thread"; roots posted once (every caller gets the
// same ts) and updated in place.
// `failWith` makes the next calls of a method reject (Slack or Redis down).
import type { IncidentThread, ThreadLine } from '../../src/app/ports/incident-thread.js';
import type { Incident, TimelineEntry } from '../../src/incident/incident.js';
import type { SlackFile, SlackMessage } from '../../src/render/slack/slack-message.js';

type Method = 'record' | 'postEntry' | 'updateRoot';

export class MemoryIncidentThread implements IncidentThread {
  /** Every incident's lines, in the order they were recorded. */
  readonly lines = new Map<string, ThreadLine[]>();
  /** Each root as last rendered, by incident id. */
  readonly roots = new Map<string, Incident>();
  private rootCount = 0;
  private readonly faults = new Map<Method, { error: Error; times: number }>();

  /** The next `times` calls of `method` reject with `error`. */
  failWith(method: Method, error: Error, times = Number.POSITIVE_INFINITY): void {
    this.faults.set(method, { error, times });
  }

  /** The keys of an incident's lines, in order. */
  keys(incidentId: string): string[] {
    return (this.lines.get(incidentId) ?? []).map((line) => line.key);
  }

  /** The line recorded under `key`. */
  line(incidentId: string, key: string): ThreadLine | undefined {
    return this.lines.get(incidentId)?.find((line) => line.key === key);
  }

  private fault(method: Method): void {
    const fault = this.faults.get(method);
    if (!fault || fault.times <= 0) return;
    fault.times--;
    throw fault.error;
  }

  /** Posts the root once: every later caller gets the first root's ts, as from the Slack thread. */
  async ensureRoot(incident: Incident): Promise<Incident> {
    if (incident.rootTs) {
      if (!this.roots.has(incident.id)) this.roots.set(incident.id, structuredClone(incident));
      return incident;
    }
    const root = this.roots.get(incident.id);
    if (root?.rootTs) return { ...incident, rootTs: root.rootTs };
    const posted = { ...incident, rootTs: `1700000000.${++this.rootCount}` };
    this.roots.set(incident.id, structuredClone(posted));
    return posted;
  }

  async updateRoot(incident: Incident): Promise<void> {
    this.fault('updateRoot');
    this.roots.set(incident.id, structuredClone(incident));
  }

  async record(incident: Incident, lines: readonly ThreadLine[]): Promise<void> {
    this.fault('record');
    this.append(incident.id, lines);
  }

  private append(incidentId: string, lines: readonly ThreadLine[]): void {
    const list = this.lines.get(incidentId) ?? [];
    for (const line of lines) if (!list.some((l) => l.key === line.key)) list.push(line);
    this.lines.set(incidentId, list);
  }

  async flush(): Promise<void> {}

  async postEntry(incident: Incident, key: string, entry: TimelineEntry): Promise<void> {
    this.fault('postEntry');
    this.append(incident.id, [{ key, entry }]);
  }

  async postMessage(incident: Incident, key: string, message: SlackMessage): Promise<void> {
    this.append(incident.id, [{ key, message }]);
  }

  async uploadFile(incident: Incident, key: string, file: SlackFile): Promise<void> {
    this.append(incident.id, [{ key, file }]);
  }

  async posted(incidentId: string, key: string): Promise<boolean> {
    return this.keys(incidentId).includes(key);
  }

  async recorded(incidentId: string, key: string): Promise<boolean> {
    return this.keys(incidentId).includes(key);
  }
}
