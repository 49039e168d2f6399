// The IncidentStore port: incidents kept outside Slack (the bot never reads a thread back).
import type { Incident } from '../../incident/incident.js';

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
