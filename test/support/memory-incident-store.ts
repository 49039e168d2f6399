// The IncidentStore port in memory (src/app/ports/incident-store.ts), for use-case tests: the Redis store's contract
// (copies in and out, read-modify-write one at a time per incident, the open incident of a node) without Redis.
import type { IncidentStore } from '../../src/app/ports/incident-store.js';
import type { Incident } from '../../src/incident/incident.js';

export class MemoryIncidentStore implements IncidentStore {
  private readonly incidents = new Map<string, Incident>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(initial: readonly Incident[] = []) {
    for (const incident of initial) this.incidents.set(incident.id, structuredClone(incident));
  }

  async get(id: string): Promise<Incident | undefined> {
    const found = this.incidents.get(id);
    return found && structuredClone(found);
  }

  update(id: string, change: (current: Incident | undefined) => Incident | undefined): Promise<Incident | undefined> {
    // One change at a time per incident, like the Redis store's per-incident lock.
    const run = (this.queues.get(id) ?? Promise.resolve()).then(async () => {
      const current = await this.get(id);
      const next = change(current);
      // As the Redis store: an unchanged incident is answered as it is.
      if (!next) return current;
      this.incidents.set(id, structuredClone(next));
      return structuredClone(next);
    });
    this.queues.set(
      id,
      run.catch(() => {}),
    );
    return run;
  }

  async openIncidentForNode(node: string): Promise<Incident | undefined> {
    const open = [...this.incidents.values()]
      .filter((i) => i.status === 'firing' && i.nodes.includes(node))
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    return open[0] && structuredClone(open[0]);
  }

  async recent(limit: number): Promise<Incident[]> {
    return [...this.incidents.values()]
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
      .slice(0, Math.max(0, limit))
      .map((i) => structuredClone(i));
  }
}
