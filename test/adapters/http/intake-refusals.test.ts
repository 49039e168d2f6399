// Refused and accepted Alertmanager requests in the log and on /metrics: POST /alertmanager and GET /metrics on one
// real HTTP server (as the bot serves them), a real BullMQ queue on a real redis-server, the service's pino logger.
import { request } from 'node:http';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { healthRoutes } from '../../../src/adapters/http/health-routes.js';
import { createLogger } from '../../../src/main/logger.js';
import { fixtureText } from '../../fixtures/alertmanager/fixtures.js';
import { intakeForFile } from '../../support/intake-for-file.js';
import { poll } from '../../support/poll.js';
import { redisForFile } from '../../support/redis-for-file.js';

const redis = redisForFile();
const startIntake = intakeForFile(redis, 2000);

const TOKEN = 'refusals-token-0123456789';
const firing = JSON.parse(fixtureText('conntrack-firing'));

interface LogLine {
  level: number;
  msg: string;
  reason?: string;
  refused?: number;
  deliveries?: number;
}

/** The intake and /metrics on one server; every log line the route writes, parsed. */
async function intake(options: { refusalLogIntervalMs?: number } = {}) {
  const lines: LogLine[] = [];
  const logger = createLogger({
    level: 'debug',
    secrets: [TOKEN],
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) },
  }).child({ role: 'bot' });
  const registry = new Registry();
  const metrics = healthRoutes({ ready: async () => true, registry }).find((r) => r.path === '/metrics');
  const { base } = await startIntake(
    { auth: { token: TOKEN }, bodyLimit: 64 * 1024, log: logger, registry, ...options },
    (req, res) => metrics?.handler(req, res),
  );
  const post = (body: string, token = TOKEN) =>
    fetch(`${base}/alertmanager`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    });
  /** The value of a sample on /metrics, e.g. `netcheck_intake_refused_total{reason="unauthorized"}`. */
  const metric = async (sample: string) => {
    const text = await (await fetch(`${base}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
    return line === undefined ? undefined : Number(line.slice(sample.length + 1));
  };
  const warnings = (reason: string) => lines.filter((l) => l.level === 40 && l.reason === reason);
  return { base, post, metric, lines, warnings };
}

/** A POST whose body is streamed past the limit (the route answers 413 without reading it all). */
function postStreamed(base: string, bytes: number): Promise<number> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({
      hostname,
      port,
      path: '/alertmanager',
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-length': String(bytes) },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', reject);
    req.end();
  });
}

describe('refused Alertmanager requests', () => {
  it('are each counted on /metrics but logged once per reason and interval', async () => {
    const { base, post, metric, warnings } = await intake();
    for (let i = 0; i < 40; i++) expect((await post(JSON.stringify(firing), 'wrong-token')).status).toBe(401);
    for (let i = 0; i < 15; i++) expect((await post('{"version": "4",')).status).toBe(400);
    for (let i = 0; i < 10; i++) expect((await post(JSON.stringify({ ...firing, alerts: 'none' }))).status).toBe(400);
    for (let i = 0; i < 5; i++) expect(await postStreamed(base, 1024 * 1024)).toBe(413);

    expect(await metric('netcheck_intake_refused_total{reason="unauthorized"}')).toBe(40);
    expect(await metric('netcheck_intake_refused_total{reason="invalid_json"}')).toBe(15);
    expect(await metric('netcheck_intake_refused_total{reason="invalid_payload"}')).toBe(10);
    expect(await metric('netcheck_intake_refused_total{reason="too_large"}')).toBe(5);
    // One detailed line per reason; the rest wait for the interval's summary.
    for (const reason of ['unauthorized', 'invalid_json', 'invalid_payload', 'too_large']) {
      expect(warnings(reason)).toHaveLength(1);
    }
    expect(warnings('unauthorized')[0]?.msg).toBe('alertmanager: rejected credentials');
    expect(warnings('invalid_payload')[0]?.msg).toBe('alertmanager: invalid payload');
  });

  it('write one summary per interval saying how many were not logged', async () => {
    const intervalMs = 1500;
    const { post, metric, warnings } = await intake({ refusalLogIntervalMs: intervalMs });
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 25 }, () => post(JSON.stringify(firing), 'wrong-token')));
    expect(answers.map((r) => r.status)).toEqual(Array(25).fill(401));
    // Every refusal ends up either on a detailed line or in a summary's count (the timer writes the summary).
    const accounted = () =>
      warnings('unauthorized').reduce((sum, line) => sum + (line.refused === undefined ? 1 : line.refused), 0);
    await poll(() => accounted() === 25, 15_000, 'every request accounted');
    const lines = warnings('unauthorized');
    const summaries = lines.filter((l) => l.refused !== undefined);
    expect(summaries.length).toBeGreaterThan(0);
    expect(summaries[0]?.msg).toMatch(
      /^alertmanager: \d+ more request\(s\) refused \(unauthorized\) in the last \d+ s/,
    );
    expect(lines[0]?.msg).toBe('alertmanager: rejected credentials');
    // At most a detailed line and a summary per interval elapsed.
    expect(lines.length).toBeLessThanOrEqual(2 * Math.ceil((Date.now() - started) / intervalMs));
    expect(await metric('netcheck_intake_refused_total{reason="unauthorized"}')).toBe(25);
  });
});

describe('accepted Alertmanager deliveries', () => {
  it('are each counted on /metrics and logged one by one up to 50 per interval', async () => {
    const { post, metric, lines } = await intake();
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => {
        const alerts = firing.alerts.map((alert: object) => ({
          ...alert,
          startsAt: new Date(1e12 + i * 1000).toISOString(),
        }));
        return post(JSON.stringify({ ...firing, alerts }));
      }),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(60).fill(200));
    expect(await metric('netcheck_intake_deliveries_total{state="queued"}')).toBe(60);
    expect(lines.filter((l) => l.msg === 'alertmanager: delivery accepted')).toHaveLength(50);
  });
});
