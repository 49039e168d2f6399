// The DeliveryStore port: the incident store as alert processing needs it, each delivery applied to its incident once
// under the incident's lock (a retried delivery gets the first application's result back).
import type { Incident } from '../../incident/incident.js';
import type { IncidentStore } from './incident-store.js';

/** An IncidentStore that applies a change once per key (src/adapters/redis/incident-store.ts). */
export interface DeliveryStore extends IncidentStore {
  /**
   * Read-modify-write that happens once per `onceKey` (a delivery): under the incident's lock, if a result was recorded
   * for `onceKey` it is returned unchanged; otherwise `change` runs, and the new incident (when given) and the result
   * are stored together. `then`, when given, runs after the write (or the replay) with the stored incident, still under
   * the lock: what must follow this change and precede the next one (recording its thread lines, for example).
   */
  applyOnce<R>(
    id: string,
    onceKey: string,
    change: (current: Incident | undefined) => { incident?: Incident; result: R },
    then?: (result: R, incident: Incident | undefined) => Promise<void>,
  ): Promise<R>;
}
