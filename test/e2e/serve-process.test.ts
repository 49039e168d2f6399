// `netcheck serve` as operators run it: the built binary as a child process, configured by environment variables,
// against a real Redis, the fake Slack and the fake kube-apiserver (agent pods whose exec prints a real report).
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { scriptedExec } from '../support/exec-handlers.js';
import { type FakeKubeApiserver, startFakeKubeApiserver } from '../support/fake-kube-apiserver.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { freePort } from '../support/free-port.js';
import { sampleReport } from '../support/k8s-helpers.js';
import { makeNode, makeRunningPod } from '../support/kube-objects.js';
import { poll } from '../support/poll.js';
import { redisForFile } from '../support/redis-for-file.js';
import { sendSlashCommand } from '../support/slack-request.js';

const BIN = new URL('../../bin/netcheck.js', import.meta.url).pathname;
const BUILT = new URL('../../dist/netcheck.mjs', import.meta.url).pathname;
const BOT_TOKEN = 'xoxb-2024-7777-s3cretb0tt0ken';
const SIGNING_SECRET = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
const AM_TOKEN = 'am-intake-t0ken-s3cret';
const FIRING = readFileSync(new URL('../fixtures/alertmanager/conntrack-firing.json', import.meta.url), 'utf8');
const AGENT = { 'app.kubernetes.io/name': 'netcheck-agent' };

const redis = redisForFile();
let slack: FakeSlack;
let api: FakeKubeApiserver;
let dir: string;

beforeAll(async () => {
  if (!existsSync(BUILT)) throw new Error('dist/netcheck.mjs is missing: run `npm run build` first');
  slack = await startFakeSlack({ token: BOT_TOKEN });
  api = await startFakeKubeApiserver({
    nodes: ['node-7', 'node-9'].map((name, i) => makeNode(name, { internalIP: `10.0.1.${i + 7}` })),
    pods: ['node-7', 'node-9'].map((node, i) =>
      makeRunningPod(`netcheck-agent-${i}q8zt`, { namespace: 'netcheck', node, labels: AGENT }),
    ),
    exec: scriptedExec({ stdout: sampleReport }),
  });
  dir = mkdtempSync(join(tmpdir(), 'netcheck-serve-'));
  writeFileSync(
    join(dir, 'kubeconfig'),
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'fake', cluster: { server: api.url, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'fake-user', user: { token: api.kubeconfig().users[0]?.token } }],
      contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'fake-user', namespace: 'netcheck' } }],
      'current-context': 'fake',
    }),
    { mode: 0o600 },
  );
});

afterAll(async () => {
  await slack?.close();
  await api?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function serve(env: Record<string, string>, args: string[] = []): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: dir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return { child, output: () => output };
}

describe('netcheck serve', () => {
  it('serves Slack, Alertmanager and health on PORT, collects, and exits 0 on SIGTERM without leaking secrets', async () => {
    const port = await freePort();
    const { child, output } = serve({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      REDIS_URL: redis.url,
      PORT: String(port),
      NETCHECK_CHANNEL: 'C0INCIDENTS',
      NETCHECK_CLUSTER: 'prod-eu-1',
      NETCHECK_REDIS_PREFIX: `nc-serve-${port}`,
      NETCHECK_INTERVAL: '1',
      ALERTMANAGER_TOKEN: AM_TOKEN,
      KUBECONFIG: join(dir, 'kubeconfig'),
      LOG_LEVEL: 'debug',
    });
    const exited = once(child, 'exit');
    try {
      const base = `http://127.0.0.1:${port}`;
      await poll(
        () =>
          fetch(`${base}/healthz`).then(
            (r) => r.ok,
            () => undefined,
          ),
        15_000,
        () => `/healthz (output so far:\n${output()})`,
      );
      expect((await fetch(`${base}/readyz`)).status).toBe(200);

      // A slash command, acked in time, then collected by the worker role into the new thread.
      const ack = await sendSlashCommand(`${base}/slack/events`, SIGNING_SECRET, {
        text: 'node-7',
        channel_id: 'C0NETOPS',
      });
      expect(ack.status).toBe(200);
      expect(ack.ms).toBeLessThan(3000);
      expect(JSON.parse(ack.body)).toMatchObject({ response_type: 'ephemeral' });
      const root = await poll(() => slack.messages('C0NETOPS')[0], 15_000, 'the manual root message');
      await poll(
        () => slack.thread('C0NETOPS', root.ts).some((m) => /node-7:/.test(m.text ?? '')),
        30_000,
        'the node diagnosis in the thread',
      );

      // An Alertmanager delivery: 401 without the token, 200 with it, then an incident root in the channel.
      const alert = (auth?: string) =>
        fetch(`${base}/alertmanager`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
          body: FIRING,
        });
      expect((await alert()).status).toBe(401);
      expect((await alert(`Bearer ${AM_TOKEN}`)).status).toBe(200);
      await poll(
        () => slack.messages('C0INCIDENTS').find((m) => /NodeHighNumberConntrackEntriesUsed/.test(m.text ?? '')),
        15_000,
        'the alert incident root message',
      );
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = await exited;
    expect(code).toBe(0);
    const text = output();
    expect(text).toContain('netcheck serve is running');
    expect(text).toContain('stopped');
    for (const secret of [BOT_TOKEN, SIGNING_SECRET, AM_TOKEN]) expect(text).not.toContain(secret);
  }, 60_000);

  it('stops with one line naming the Slack token variable and the fix when Slack refuses the token', async () => {
    const revoking = await startFakeSlack({ token: BOT_TOKEN, appToken: 'xapp-1-A0NETCHECK-7777-s3cretapp' });
    try {
      revoking.revokeToken();
      const bot = (env: Record<string, string>) =>
        serve(
          {
            SLACK_BOT_TOKEN: BOT_TOKEN,
            SLACK_API_URL: slack.apiUrl,
            REDIS_URL: redis.url,
            PORT: '0',
            NETCHECK_CHANNEL: 'C0INCIDENTS',
            ...env,
          },
          ['--role', 'bot'],
        );
      const cases: { env: Record<string, string>; variable: string; code: string; fix: string; secret: string }[] = [
        // A token of another workspace or a typo: invalid_auth.
        {
          env: { SLACK_BOT_TOKEN: 'xoxb-2024-7777-n0tthet0ken', SLACK_SIGNING_SECRET: SIGNING_SECRET },
          variable: 'SLACK_BOT_TOKEN',
          code: 'invalid_auth',
          fix: 'OAuth & Permissions',
          secret: 'xoxb-2024-7777-n0tthet0ken',
        },
        // The app was uninstalled: token_revoked.
        {
          env: { SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: revoking.apiUrl },
          variable: 'SLACK_BOT_TOKEN',
          code: 'token_revoked',
          fix: 'reinstall the app',
          secret: BOT_TOKEN,
        },
        // Socket Mode with an app-level token Slack does not know.
        {
          env: { SLACK_APP_TOKEN: 'xapp-1-A0NETCHECK-0000-wr0ngapp' },
          variable: 'SLACK_APP_TOKEN',
          code: 'invalid_auth',
          fix: 'connections:write',
          secret: 'xapp-1-A0NETCHECK-0000-wr0ngapp',
        },
      ];
      for (const c of cases) {
        const { child, output } = bot(c.env);
        const [code] = await once(child, 'exit');
        const lines = output().trim().split('\n');
        expect(code, output()).toBe(2);
        expect(lines, output()).toHaveLength(1);
        expect(lines[0]).toMatch(
          new RegExp(`^netcheck serve: invalid configuration: ${c.variable}: Slack refused it \\(${c.code}\\)`),
        );
        expect(lines[0]).toContain(c.fix);
        expect(output()).not.toMatch(/\n\s+at |Error:|Unhandled/);
        expect(output()).not.toContain(c.secret);
      }
    } finally {
      await revoking.close();
    }
  }, 60_000);

  it('refuses to start with a bad setting, naming the variable', async () => {
    const { child, output } = serve(
      { SLACK_BOT_TOKEN: BOT_TOKEN, REDIS_URL: redis.url, NETCHECK_CONCURRENCY: 'many' },
      ['--role', 'worker'],
    );
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(output()).toContain('NETCHECK_CONCURRENCY: expected a whole number');
    expect(output()).not.toContain(BOT_TOKEN);
  });
});
