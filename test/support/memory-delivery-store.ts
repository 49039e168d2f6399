// The DeliveryStore port in memory (src/app/ports/delivery-store.ts), for use-case tests: the in-memory incident store
// plus each delivery applied once per key, one at a time per incident, its result recorded and replayed.
import type { DeliveryStore } from '../../src/app/ports/delivery-store.js';
import type { Incident } from '../../src/incident/incident.js';
import { MemoryIncidentStore } from './memory-incident-store.js';

export class MemoryDeliveryStore extends MemoryIncidentStore implements DeliveryStore {
  /** Each applied key's recorded result (JSON, as the Redis store keeps it). */
  readonly records = new Map<string, string>();
  private readonly locks = new Map<string, Promise<unknown>>();

  applyOnce<R>(
    id: string,
    onceKey: string,
    change: (current: Incident | undefined) => { incident?: Incident; result: R },
    then?: (result: R, incident: Incident | undefined) => Promise<void>,
  ): Promise<R> {
    const run = (this.locks.get(id) ?? Promise.resolve()).then(async () => {
      const recorded = this.records.get(onceKey);
      if (recorded !== undefined) {
        const result = JSON.parse(recorded) as R;
        await then?.(result, await this.get(id));
        return result;
      }
      const current = await this.get(id);
      const { incident, result } = change(current);
      if (incident) await this.update(id, () => incident);
      this.records.set(onceKey, JSON.stringify(result));
      await then?.(result, incident ?? current);
      return result;
    });
    this.locks.set(
      id,
      run.catch(() => {}),
    );
    return run;
  }
}
