// The ordered log of one incident's thread in Redis (the ThreadLog port, src/app/ports/thread-log.ts): every line (a
// rendered message or a file already uploaded) is appended the moment its event happens, by whichever process saw it,
// and posted later in log order by one drainer at a time (a lease). The thread therefore reads in the order things
// happened across replicas, and nobody has to wait for Slack to keep that order.
//
// Keys (all under `<prefix>:thread:<incident id>:`):
//   keys   set of every key ever appended (a key is appended once)
//   log    list of keys, in order
//   items  hash key → line (JSON), removed once posted
//   next   index of the next line to post
//   lease  token of the process draining the log
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Lease, LoggedLine, LogStep, ThreadLog } from '../../app/ports/thread-log.js';
import { redisKey } from './redis-connection.js';
import { retryTransient } from './redis-errors.js';

const TTL_SECONDS = 30 * 24 * 3600;

// KEYS: keys, log, items, next. ARGV: ttl, then key/json pairs. Appends each key not seen before, in order.
const APPEND = `local added = 0
for i = 2, #ARGV, 2 do
  if redis.call('SADD', KEYS[1], ARGV[i]) == 1 then
    redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1])
    redis.call('RPUSH', KEYS[2], ARGV[i])
    added = added + 1
  end
end
for _, key in ipairs(KEYS) do redis.call('EXPIRE', key, ARGV[1]) end
return added`;

// KEYS: log, items, next. The next line: {index, key, json or ''}, or nil at the end of the log.
const NEXT = `local n = tonumber(redis.call('GET', KEYS[3]) or '0')
local key = redis.call('LINDEX', KEYS[1], n)
if not key then return nil end
return {n, key, redis.call('HGET', KEYS[2], key) or ''}`;

// KEYS: lease, next, items. ARGV: token, index, key, ttl. Moves past line `index` while the lease is ours.
const ADVANCE = `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if tonumber(redis.call('GET', KEYS[2]) or '0') ~= tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[2], tonumber(ARGV[2]) + 1, 'EX', ARGV[4])
redis.call('HDEL', KEYS[3], ARGV[3])
return 1`;

// KEYS: items. ARGV: key, json. Replaces the line of `key` while it is still an upload placeholder.
const FILL = `local current = redis.call('HGET', KEYS[1], ARGV[1])
if current and string.sub(current, 1, 16) == '{"kind":"upload"' then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  return 1
end
return 0`;

const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export interface ThreadLogOptions {
  /** Expiry of a lease whose holder died; renewed every third of it while held. @defaultValue 15000 */
  leaseMs?: number;
  /** How long one step rides out an unreachable Redis. @defaultValue 10000 */
  redisRetryMs?: number;
}

/** The ThreadLog port on Redis: ordered thread logs under `<prefix>:thread:<incident id>:…`. */
export class RedisThreadLog implements ThreadLog {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly options: ThreadLogOptions = {},
  ) {}

  private key(incidentId: string, part: string): string {
    return redisKey(this.prefix, 'thread', incidentId, part);
  }

  private retry<T>(step: () => Promise<T>): Promise<T> {
    return retryTransient(step, { forMs: this.options.redisRetryMs ?? 10_000 });
  }

  /** Appends the lines whose keys were never appended, in order, in one step. Returns how many were new. */
  async append(incidentId: string, lines: readonly { key: string; line: LoggedLine }[]): Promise<number> {
    if (lines.length === 0) return 0;
    const keys = ['keys', 'log', 'items', 'next'].map((part) => this.key(incidentId, part));
    const args = lines.flatMap(({ key, line }) => [key, JSON.stringify(line)]);
    const added = await this.retry(() => this.redis.eval(APPEND, keys.length, ...keys, String(TTL_SECONDS), ...args));
    return Number(added);
  }

  /** Whether `key` was ever appended to the incident's log. */
  async has(incidentId: string, key: string): Promise<boolean> {
    return (await this.retry(() => this.redis.sismember(this.key(incidentId, 'keys'), key))) === 1;
  }

  /** The line recorded under `key` while it waits to be posted; undefined once posted (or never recorded). */
  async line(incidentId: string, key: string): Promise<LoggedLine | undefined> {
    const json = await this.retry(() => this.redis.hget(this.key(incidentId, 'items'), key));
    return json === null ? undefined : (JSON.parse(json) as LoggedLine);
  }

  /** Puts `line` in the place of the upload placeholder `key`; false when the place is gone (posted or skipped). */
  async fill(incidentId: string, key: string, line: LoggedLine): Promise<boolean> {
    const filled = await this.retry(() =>
      this.redis.eval(FILL, 1, this.key(incidentId, 'items'), key, JSON.stringify(line)),
    );
    return Number(filled) === 1;
  }

  /** Whether lines wait to be posted. */
  async pending(incidentId: string): Promise<boolean> {
    const [length, next] = await this.retry(() =>
      Promise.all([this.redis.llen(this.key(incidentId, 'log')), this.redis.get(this.key(incidentId, 'next'))]),
    );
    return length > Number(next ?? 0);
  }

  /** The line to post next, or undefined when every line was posted. */
  async next(incidentId: string): Promise<LogStep | undefined> {
    const keys = ['log', 'items', 'next'].map((part) => this.key(incidentId, part));
    const step = (await this.retry(() => this.redis.eval(NEXT, keys.length, ...keys))) as
      | [number, string, string]
      | null;
    if (!step) return undefined;
    const [index, key, json] = step;
    return json === '' ? { index, key } : { index, key, line: JSON.parse(json) as LoggedLine };
  }

  /** Marks line `step` done. False when the lease was lost meanwhile (another process drains now). */
  async advance(lease: Lease, step: LogStep): Promise<boolean> {
    const keys = ['lease', 'next', 'items'].map((part) => this.key(lease.incidentId, part));
    const moved = await this.retry(() =>
      this.redis.eval(ADVANCE, keys.length, ...keys, lease.token, String(step.index), step.key, String(TTL_SECONDS)),
    );
    return Number(moved) === 1;
  }

  /** Takes the incident's drain lease, or returns undefined while another process holds it. */
  async lease(incidentId: string): Promise<Lease | undefined> {
    const key = this.key(incidentId, 'lease');
    const ttlMs = this.options.leaseMs ?? 15_000;
    const token = randomBytes(12).toString('base64url');
    const drop = () =>
      this.redis.eval(RELEASE, 1, key, token).then(
        () => {},
        () => {},
      );
    let taken: string | null;
    try {
      taken = await this.redis.set(key, token, 'PX', ttlMs, 'NX');
    } catch (error) {
      await drop();
      throw error;
    }
    if (taken !== 'OK') return undefined;
    const renew = setInterval(
      () => {
        this.redis.eval(RENEW, 1, key, token, String(ttlMs)).catch(() => {});
      },
      Math.max(Math.floor(ttlMs / 3), 10),
    );
    renew.unref();
    return {
      incidentId,
      token,
      release: async () => {
        clearInterval(renew);
        await drop();
      },
    };
  }
}
