// POST /alertmanager over real HTTP, with a real BullMQ queue on a real redis-server.
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { IntakeAuth } from '../../../src/adapters/http/check-auth.js';
import { incidentId } from '../../../src/alerts/delivery-key.js';
import { fixture, fixtureText } from '../../fixtures/alertmanager/fixtures.js';
import { intakeForFile } from '../../support/intake-for-file.js';
import { redisForFile } from '../../support/redis-for-file.js';

const redis = redisForFile();
const startIntake = intakeForFile(redis, 1000);

const TOKEN = 's3cret-token';

async function intake(options: { auth?: IntakeAuth; bodyLimit?: number; now?: () => Date } = {}) {
  const { queue, url } = await startIntake({
    auth: options.auth ?? { token: TOKEN },
    enqueueTimeoutMs: 1000,
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const post = (body: string, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) =>
    fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { queue, url, post };
}

const firingText = fixtureText('conntrack-firing');
/** The route's JSON answer. */
const body = async (res: Response) => (await res.json()) as { status?: string; incident?: string; error?: string };
const incident = incidentId('prod', fixture('conntrack-firing').groupKey);

describe('POST /alertmanager', () => {
  it('queues a valid delivery and answers 200 once the job is in Redis', async () => {
    const { queue, post } = await intake();
    const res = await post(firingText);
    expect(res.status).toBe(200);
    expect(await body(res)).toEqual({ status: 'queued', incident });
    const jobs = await queue.queue.getJobs(['waiting']);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.data.payload.groupKey).toBe(fixture('conntrack-firing').groupKey);
    expect(jobs[0]?.opts.attempts).toBe(5);
    expect(jobs[0]?.opts.backoff).toEqual({ type: 'exponential', delay: 2000 });
  });

  it('makes one job of concurrent HA duplicates and says which was the duplicate', async () => {
    const { queue, post } = await intake();
    const answers = await Promise.all([post(firingText), post(firingText)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    const states = (await Promise.all(answers.map((r) => body(r)))).map((b) => b.status).sort();
    expect(states).toEqual(['duplicate', 'queued']);
    expect(await queue.queue.getJobCounts('waiting')).toEqual({ waiting: 1 });
    const replay = await post(JSON.stringify(JSON.parse(firingText)));
    expect(await body(replay)).toEqual({ status: 'duplicate', incident });
  });

  it('queues a repeat re-send after the duplicate window as a new job', async () => {
    let now = new Date('2025-03-14T09:30:00Z');
    const { queue, post } = await intake({ now: () => now });
    expect((await body(await post(firingText))).status).toBe('queued');
    now = new Date('2025-03-14T13:30:00Z');
    expect((await body(await post(firingText))).status).toBe('queued');
    const jobs = await queue.queue.getJobs(['waiting']);
    expect(jobs.map((j) => j.data.receivedAt).sort()).toEqual(['2025-03-14T09:30:00.000Z', '2025-03-14T13:30:00.000Z']);
  });

  it('answers 400 with the reason for malformed JSON and for a payload that is not v4', async () => {
    const { queue, post } = await intake();
    const notJson = await post('{"version": "4",');
    expect(notJson.status).toBe(400);
    expect((await body(notJson)).error).toMatch(/^invalid JSON/);
    const payload = JSON.parse(firingText);
    payload.alerts[0].startsAt = 12;
    const invalid = await post(JSON.stringify(payload));
    expect(invalid.status).toBe(400);
    expect((await body(invalid)).error).toContain('alerts[0].startsAt');
    expect(await queue.queue.getJobCounts('waiting')).toEqual({ waiting: 0 });
  });

  it('answers 400, never 503, to JSON nested 10 000 levels deep in an unknown field', async () => {
    const { queue, post } = await intake();
    const payload = JSON.parse(firingText);
    const deep = `${'['.repeat(10_000)}1${']'.repeat(10_000)}`;
    const text = JSON.stringify(payload).replace(/}$/, `,"extra":${deep}}`);
    const res = await post(text);
    expect(res.status).toBe(400);
    expect((await body(res)).error).toBe('JSON nested deeper than 32 levels: not an Alertmanager webhook payload');
    // Objects too, and brackets inside strings do not count.
    const objects = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    expect((await post(JSON.stringify(payload).replace(/}$/, `,"extra":${objects}}`))).status).toBe(400);
    expect(await queue.queue.getJobCounts('waiting')).toEqual({ waiting: 0 });

    // What Grafana and newer Alertmanagers add (a few levels of unknown fields) is still accepted.
    payload.alerts[0].values = { B: 0.91, C: { nested: [[1, '[[[{{{']] } };
    payload.title = '[FIRING:1] {{ brackets in a string }} [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[';
    const ok = await post(JSON.stringify(payload));
    expect(ok.status).toBe(200);
    expect((await body(ok)).status).toBe('queued');
  });

  it('answers 413 to a body over the limit, declared or streamed', async () => {
    const { url, post } = await intake({ bodyLimit: 64 * 1024 });
    const big = await post(JSON.stringify({ ...JSON.parse(firingText), pad: 'x'.repeat(70 * 1024) }));
    expect(big.status).toBe(413);

    const { hostname, port, pathname } = new URL(url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({
        hostname,
        port,
        path: pathname,
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(16 * 1024, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < 4 * 1024 * 1024 && !req.destroyed) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        if (!req.destroyed) req.end();
      };
      pump();
    });
    expect(status).toBe(413);
  });

  it('answers 401 with a challenge to a missing or wrong bearer token', async () => {
    const { queue, post } = await intake();
    for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: TOKEN }] as Record<
      string,
      string
    >[]) {
      const res = await post(firingText, headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="netcheck"');
    }
    expect(await queue.queue.getJobCounts('waiting')).toEqual({ waiting: 0 });
  });

  it('accepts basic auth when configured', async () => {
    const { post } = await intake({ auth: { username: 'alertmanager', password: 'p:w' } });
    const basic = (user: string, pass: string) => ({
      authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`,
    });
    expect((await post(firingText, basic('alertmanager', 'p:w'))).status).toBe(200);
    const wrong = await post(firingText, basic('alertmanager', 'nope'));
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic realm="netcheck"/);
    expect((await post(firingText, basic('someone', 'p:w'))).status).toBe(401);
    expect((await post(firingText, { authorization: `Bearer ${TOKEN}` })).status).toBe(401);
  });

  it('answers 503 while Redis is down and 200 once it is back', async () => {
    const { post } = await intake();
    await redis.stop();
    try {
      const started = Date.now();
      const down = await post(firingText);
      expect(down.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(2500);
      expect((await body(down)).error).toMatch(/could not queue/);
    } finally {
      await redis.start();
    }
    let status = 0;
    for (let i = 0; i < 40 && status !== 200; i++) {
      status = (await post(firingText)).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status).toBe(200);
  });
});
