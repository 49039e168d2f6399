// The ThreadLog port in memory (src/app/ports/thread-log.ts), for use-case tests: the Redis log's contract (each key
// appended once and in order, an upload's place filled once, one lease holder at a time who alone moves the log on)
// without Redis.
import { randomUUID } from 'node:crypto';
import type { Lease, LoggedLine, LogStep, ThreadLog } from '../../src/app/ports/thread-log.js';

interface Log {
  keys: string[];
  items: Map<string, LoggedLine>;
  next: number;
  lease?: string;
}

export class MemoryThreadLog implements ThreadLog {
  private readonly logs = new Map<string, Log>();

  private log(incidentId: string): Log {
    let log = this.logs.get(incidentId);
    if (!log) {
      log = { keys: [], items: new Map(), next: 0 };
      this.logs.set(incidentId, log);
    }
    return log;
  }

  async append(incidentId: string, lines: readonly { key: string; line: LoggedLine }[]): Promise<number> {
    const log = this.log(incidentId);
    let added = 0;
    for (const { key, line } of lines) {
      if (log.keys.includes(key)) continue;
      log.keys.push(key);
      log.items.set(key, structuredClone(line));
      added++;
    }
    return added;
  }

  async has(incidentId: string, key: string): Promise<boolean> {
    return this.log(incidentId).keys.includes(key);
  }

  async line(incidentId: string, key: string): Promise<LoggedLine | undefined> {
    const line = this.log(incidentId).items.get(key);
    return line && structuredClone(line);
  }

  async fill(incidentId: string, key: string, line: LoggedLine): Promise<boolean> {
    const log = this.log(incidentId);
    if (log.items.get(key)?.kind !== 'upload') return false;
    log.items.set(key, structuredClone(line));
    return true;
  }

  async pending(incidentId: string): Promise<boolean> {
    const log = this.log(incidentId);
    return log.keys.length > log.next;
  }

  async next(incidentId: string): Promise<LogStep | undefined> {
    const log = this.log(incidentId);
    const key = log.keys[log.next];
    if (key === undefined) return undefined;
    const line = log.items.get(key);
    return line ? { index: log.next, key, line: structuredClone(line) } : { index: log.next, key };
  }

  async advance(lease: Lease, step: LogStep): Promise<boolean> {
    const log = this.log(lease.incidentId);
    if (log.lease !== lease.token || log.next !== step.index) return false;
    log.next++;
    log.items.delete(step.key);
    return true;
  }

  async lease(incidentId: string): Promise<Lease | undefined> {
    const log = this.log(incidentId);
    if (log.lease) return undefined;
    const token = randomUUID();
    log.lease = token;
    return {
      incidentId,
      token,
      release: async () => {
        if (log.lease === token) log.lease = undefined;
      },
    };
  }
}
