// `netcheck doctor`'s Redis checks: reachable, its version (BullMQ needs 5+; 6.2+ recommended), persistence on (a
// restart must not lose queued collections or incidents) and the eviction policy `noeviction`, which BullMQ requires.
import { type DoctorCheck, failed, passed } from '../../domain/doctor-check.js';
import { createRedisConnection } from './redis-connection.js';

/** `INFO` text as key → value. */
function infoFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at > 0 && !line.startsWith('#')) fields.set(line.slice(0, at), line.slice(at + 1).trim());
  }
  return fields;
}

/** Where the URL points, without its credentials. */
function redisTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return 'REDIS_URL';
  }
}

/** Runs the checks against the Redis at `url`; never throws. */
export async function checkRedis(url: string, timeoutMs = 3000): Promise<DoctorCheck[]> {
  const redis = createRedisConnection(url, { name: 'netcheck-doctor', commandTimeoutMs: timeoutMs });
  const target = redisTarget(url);
  try {
    const info = infoFields(String(await redis.info()));
    const checks: DoctorCheck[] = [passed('redis', 'reachable', target)];
    const version = info.get('redis_version') ?? 'unknown';
    const major = Number.parseInt(version, 10);
    checks.push(
      major >= 5
        ? passed('redis', 'version', version)
        : failed('redis', 'version', version, 'Use Redis 6.2 or later (BullMQ needs at least 5.0).'),
    );
    const aof = info.get('aof_enabled') === '1';
    const save = await configValue(redis, 'save');
    const persistence = aof ? 'append-only file on' : save ? `snapshots (save ${save})` : undefined;
    checks.push(
      persistence
        ? passed('redis', 'persistence', persistence)
        : failed(
            'redis',
            'persistence',
            save === '' ? 'off (no append-only file, no snapshots)' : 'off (no append-only file; snapshots unknown)',
            'Turn on the append-only file (`appendonly yes`, as deploy/ runs Redis): otherwise a restart loses queued collections and open incidents.',
          ),
    );
    const policy = info.get('maxmemory_policy') ?? (await configValue(redis, 'maxmemory-policy')) ?? 'unknown';
    checks.push(
      policy === 'noeviction'
        ? passed('redis', 'eviction policy', policy)
        : failed(
            'redis',
            'eviction policy',
            policy,
            'Set `maxmemory-policy noeviction`: BullMQ requires it, and any other policy may silently drop queued jobs and incident state.',
          ),
    );
    return checks;
  } catch (error) {
    return [
      failed(
        'redis',
        'reachable',
        `${target}: ${(error as Error).message}`,
        'Check REDIS_URL (host, port, password, rediss:// for TLS) and that netcheck may reach Redis (NetworkPolicies).',
      ),
    ];
  } finally {
    redis.disconnect();
  }
}

/** `CONFIG GET name`, or undefined where CONFIG is refused (managed Redis). */
async function configValue(redis: ReturnType<typeof createRedisConnection>, name: string): Promise<string | undefined> {
  try {
    const answer = (await redis.config('GET', name)) as string[];
    return answer[1];
  } catch {
    return undefined;
  }
}
