// The Redis StatefulSet's command line, run by a real redis-server: the append-only file on, fsync every second,
// `noeviction` (BullMQ), a memory bound, the data only in the volume, and a write that survives a SIGKILL.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.js';
import { findObject } from './find-object.js';

const sts = findObject<IStatefulSet>('StatefulSet', 'netcheck-redis');
const container = sts.spec!.template.spec!.containers[0]!;
const [command, ...args] = container.args ?? [];
const dataMount = container.volumeMounts?.find((m) => m.name === 'data')?.mountPath;

/** The manifest's arguments with the volume's path swapped for DIR, on a loopback port. */
function localArgs(dir: string, port: number): string[] {
  const out = [...args];
  const at = out.indexOf('--dir');
  expect(out[at + 1]).toBe(dataMount);
  out[at + 1] = dir;
  return [...out, '--port', String(port), '--bind', '127.0.0.1'];
}

async function launch(dir: string, port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', localArgs(dir, port), { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const deadline = Date.now() + 20_000;
  while (!out.includes('Ready to accept connections')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

describe('deploy/bot/redis-statefulset.yaml run by redis-server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'netcheck-redis-sts-'));
  let port = 0;
  let child: ChildProcess;
  let client: Redis;

  beforeAll(async () => {
    port = await freePort();
    child = await launch(dir, port);
    client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 1 });
    await client.connect();
  });

  afterAll(async () => {
    client?.disconnect();
    if (child) await kill(child);
    rmSync(dir, { recursive: true, force: true });
  });

  it('is redis-server, persisting in the mounted volume', () => {
    expect(command).toBe('redis-server');
    expect(dataMount).toBe('/data');
    expect(sts.spec?.volumeClaimTemplates?.map((c) => c.metadata?.name)).toEqual(['data']);
  });

  it('runs with the append-only file, fsync every second, noeviction and a memory bound below the limit', async () => {
    const get = async (name: string) => ((await client.config('GET', name)) as string[])[1];
    expect(await get('appendonly')).toBe('yes');
    expect(await get('appendfsync')).toBe('everysec');
    expect(await get('maxmemory-policy')).toBe('noeviction');
    expect(await get('save')).toBe('');
    const maxmemory = Number(await get('maxmemory'));
    expect(maxmemory).toBeGreaterThan(0);
    // The container's limit leaves room over maxmemory for the rewrite's copy-on-write pages.
    const limit = container.resources?.limits?.memory;
    expect(limit).toMatch(/^\d+Mi$/);
    expect(Number.parseInt(String(limit), 10) * 1024 * 1024).toBeGreaterThanOrEqual(maxmemory * 1.5);
    expect(await client.info('persistence')).toMatch(/aof_enabled:1/);
  });

  it('keeps a write across a SIGKILL (the volume survives the pod), and writes only there', async () => {
    await client.set('netcheck:test', 'kept');
    // Redis writes the append-only file before it replies; everysec only bounds what a machine crash may lose.
    client.disconnect();
    await kill(child);
    child = await launch(dir, port);
    client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 1 });
    await client.connect();
    expect(await client.get('netcheck:test')).toBe('kept');
    expect(readdirSync(dir)).toEqual(['appendonlydir']);
  });
});
