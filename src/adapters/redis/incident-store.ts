// Incidents in Redis: one JSON document per incident, changed only under a per-incident lock, with an index of the
// open incident per node and a sorted set for "most recent first". Resolved incidents expire after 30 days.
//
// Keys (all under the prefix):
//   <prefix>:incident:<id>        the incident (JSON)
//   <prefix>:incidents            sorted set: id scored by updatedAt (ms)
//   <prefix>:open-by-node         hash: node → id of the open incident that concerns it
//   <prefix>:delivery:<key>       a delivery's recorded result (applyOnce), 7 days
//   <prefix>:lock:incident:<id>   the per-incident lock
import type { Redis } from 'ioredis';
import type { DeliveryStore } from '../../app/ports/delivery-store.js';
import type { Incident } from '../../incident/incident.js';
import { redisKey } from './redis-connection.js';
import { type LockOptions, withLock } from './redis-lock.js';

/** How long a resolved incident (and its thread state) is kept. */
export const RESOLVED_TTL_SECONDS = 30 * 24 * 3600;
const RECORD_TTL_SECONDS = 7 * 24 * 3600;

const HDEL_IF = `if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('HDEL', KEYS[1], ARGV[1]) else return 0 end`;

/** IncidentStore (and DeliveryStore) over ioredis. */
export class RedisIncidentStore implements DeliveryStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly lockOptions: LockOptions = {},
  ) {}

  private incidentKey(id: string): string {
    return redisKey(this.prefix, 'incident', id);
  }

  private get recentKey(): string {
    return redisKey(this.prefix, 'incidents');
  }

  private get nodeIndexKey(): string {
    return redisKey(this.prefix, 'open-by-node');
  }

  async get(id: string): Promise<Incident | undefined> {
    const json = await this.redis.get(this.incidentKey(id));
    return json === null ? undefined : (JSON.parse(json) as Incident);
  }

  /** Runs `fn` under the incident's lock (the one `update` takes). */
  locked<T>(id: string, fn: () => Promise<T>): Promise<T> {
    return withLock(this.redis, redisKey(this.prefix, 'lock', 'incident', id), fn, this.lockOptions);
  }

  async update(
    id: string,
    change: (current: Incident | undefined) => Incident | undefined,
  ): Promise<Incident | undefined> {
    return this.locked(id, async () => {
      const current = await this.get(id);
      const next = change(current);
      if (next === undefined) return current;
      await this.write(current, next).exec();
      return next;
    });
  }

  /**
   * Read-modify-write that happens once per `onceKey` (a delivery): under the lock, if a result was recorded for
   * `onceKey` it is returned unchanged; otherwise `change` runs, and the new incident (when given) and the result are
   * written in one transaction. A retried job therefore gets the first attempt's result back. `then`, when given,
   * runs after the write (or the replay) with the stored incident, still under the lock: what must follow this change
   * and precede the next one (Redis steps only: recording the change's thread lines, for example).
   */
  async applyOnce<R>(
    id: string,
    onceKey: string,
    change: (current: Incident | undefined) => { incident?: Incident; result: R },
    then?: (result: R, incident: Incident | undefined) => Promise<void>,
  ): Promise<R> {
    const recordKey = redisKey(this.prefix, 'delivery', onceKey);
    return this.locked(id, async () => {
      const recorded = await this.redis.get(recordKey);
      if (recorded !== null) {
        const result = JSON.parse(recorded) as R;
        await then?.(result, await this.get(id));
        return result;
      }
      const current = await this.get(id);
      const { incident, result } = change(current);
      const multi = incident ? this.write(current, incident) : this.redis.multi();
      await multi.set(recordKey, JSON.stringify(result), 'EX', RECORD_TTL_SECONDS).exec();
      await then?.(result, incident ?? current);
      return result;
    });
  }

  private write(previous: Incident | undefined, next: Incident) {
    const multi = this.redis.multi();
    const json = JSON.stringify(next);
    if (next.status === 'resolved') multi.set(this.incidentKey(next.id), json, 'EX', RESOLVED_TTL_SECONDS);
    else multi.set(this.incidentKey(next.id), json);
    const updated = Date.parse(next.updatedAt);
    multi.zadd(this.recentKey, Number.isFinite(updated) ? updated : Date.now(), next.id);
    multi.zremrangebyscore(this.recentKey, '-inf', Date.now() - (RESOLVED_TTL_SECONDS + 24 * 3600) * 1000);
    const open = next.status === 'firing' ? new Set(next.nodes) : new Set<string>();
    for (const node of open) multi.hset(this.nodeIndexKey, node, next.id);
    for (const node of new Set([...(previous?.nodes ?? []), ...next.nodes])) {
      if (!open.has(node)) multi.eval(HDEL_IF, 1, this.nodeIndexKey, node, next.id);
    }
    return multi;
  }

  async openIncidentForNode(node: string): Promise<Incident | undefined> {
    const id = await this.redis.hget(this.nodeIndexKey, node);
    if (id === null) return undefined;
    const incident = await this.get(id);
    if (incident?.status === 'firing' && incident.nodes.includes(node)) return incident;
    if (!incident) await this.redis.eval(HDEL_IF, 1, this.nodeIndexKey, node, id);
    return undefined;
  }

  async recent(limit: number): Promise<Incident[]> {
    if (limit <= 0) return [];
    const ids = await this.redis.zrevrange(this.recentKey, 0, limit * 2 - 1);
    if (ids.length === 0) return [];
    const docs = await this.redis.mget(ids.map((id) => this.incidentKey(id)));
    const gone = ids.filter((_, i) => docs[i] === null);
    if (gone.length > 0) await this.redis.zrem(this.recentKey, ...gone);
    return docs.flatMap((json) => (json === null ? [] : [JSON.parse(json) as Incident])).slice(0, limit);
  }
}
