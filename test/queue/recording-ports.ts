// The two ports the queue talks to (IncidentStore, IncidentThread), recorded in memory: every call the worker makes,
// and what would be in the thread with the contract's post-once-per-key rule. Shared by several workers of a test,
// like Redis and Slack are shared by several processes.
import type { Incident, TimelineEntry } from '../../src/incident/incident.js';
import type { IncidentStore, IncidentThread, SlackFile, SlackMessage } from '../../src/serve/ports.js';

export type ThreadCall =
  | { method: 'ensureRoot'; incidentId: string }
  | { method: 'updateRoot'; incidentId: string; incident: Incident }
  | { method: 'postEntry'; incidentId: string; key: string; entry: TimelineEntry }
  | { method: 'postMessage'; incidentId: string; key: string; message: SlackMessage }
  | { method: 'uploadFile'; incidentId: string; key: string; file: SlackFile };

export type Posted = Extract<ThreadCall, { key: string }>;

export interface RecordingThread extends IncidentThread {
  calls: ThreadCall[];
  /** What the thread shows: the first post of each key, in order. */
  posts(incidentId?: string): Posted[];
  /** Keys the worker tried to post more than once. */
  repeatedKeys(): string[];
  /** Makes the next `count` posts fail with `error`. */
  failPosts(count: number, error: Error): void;
}

export function createMemoryStore(initial: Incident[] = []): IncidentStore & { all(): Incident[] } {
  const incidents = new Map(initial.map((i) => [i.id, structuredClone(i)]));
  let chain = Promise.resolve();
  return {
    all: () => [...incidents.values()],
    async get(id) {
      const found = incidents.get(id);
      return found ? structuredClone(found) : undefined;
    },
    update(id, change) {
      const run = chain.then(() => {
        const next = change(incidents.has(id) ? structuredClone(incidents.get(id)) : undefined);
        if (next) incidents.set(id, structuredClone(next));
        return next ? structuredClone(next) : incidents.get(id);
      });
      chain = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    },
    async openIncidentForNode(node) {
      const open = [...incidents.values()].filter((i) => i.status === 'firing' && i.nodes.includes(node));
      return open.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
    },
    async recent(limit) {
      return [...incidents.values()].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).slice(0, limit);
    },
  };
}

export function createRecordingThread(store: IncidentStore): RecordingThread {
  const calls: ThreadCall[] = [];
  let failures: { count: number; error: Error } = { count: 0, error: new Error('') };
  let rootCount = 0;
  const postedKeys = new Set<string>();
  const maybeFail = () => {
    if (failures.count > 0) {
      failures.count--;
      throw failures.error;
    }
  };
  const post = async (call: Posted) => {
    maybeFail();
    calls.push(call);
    postedKeys.add(`${call.incidentId}/${call.key}`);
  };
  return {
    calls,
    posts(incidentId) {
      const seen = new Set<string>();
      return calls.filter((c): c is Posted => {
        if (!('key' in c) || (incidentId && c.incidentId !== incidentId)) return false;
        const id = `${c.incidentId}/${c.key}`;
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
      });
    },
    repeatedKeys() {
      const counts = new Map<string, number>();
      for (const c of calls) if ('key' in c) counts.set(c.key, (counts.get(c.key) ?? 0) + 1);
      return [...counts].filter(([, n]) => n > 1).map(([key]) => key);
    },
    failPosts(count, error) {
      failures = { count, error };
    },
    async ensureRoot(incident) {
      calls.push({ method: 'ensureRoot', incidentId: incident.id });
      if (incident.rootTs) return incident;
      const ts = `1700000000.${String(++rootCount).padStart(6, '0')}`;
      const updated = await store.update(incident.id, (current) => (current ? { ...current, rootTs: ts } : current));
      return updated ?? { ...incident, rootTs: ts };
    },
    async updateRoot(incident) {
      maybeFail();
      calls.push({ method: 'updateRoot', incidentId: incident.id, incident: structuredClone(incident) });
    },
    postEntry: (incident, key, entry) => post({ method: 'postEntry', incidentId: incident.id, key, entry }),
    postMessage: (incident, key, message) => post({ method: 'postMessage', incidentId: incident.id, key, message }),
    uploadFile: (incident, key, file) => post({ method: 'uploadFile', incidentId: incident.id, key, file }),
    async posted(incidentId, key) {
      return postedKeys.has(`${incidentId}/${key}`);
    },
  };
}

/** A manual incident as request-collections makes one. */
export function manualIncident(id: string, nodes: string[], extra: Partial<Incident> = {}): Incident {
  return {
    id,
    cluster: 'test-cluster',
    source: 'manual',
    title: `Manual check: ${nodes.join(', ')}`,
    status: 'firing',
    channel: 'C0INCIDENT',
    rootTs: '1700000000.000001',
    createdAt: '2026-11-23T10:00:00.000Z',
    updatedAt: '2026-11-23T10:00:00.000Z',
    alerts: [],
    commonLabels: {},
    groupLabels: {},
    truncatedAlerts: 0,
    resends: 0,
    nodes,
    checks: [],
    ...extra,
  };
}
