// The exec stream at the frame level, read with a bare `ws` client: subprotocol choice, channel framing and frame
// sizes, the status last, stdin end on v5, and the ways an exec breaks (stall, runtime error, cut output, 403, 400).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  internalErrorExec,
  scriptedExec,
  stalledExec,
  stderrOnlyFailure,
  truncatedExec,
} from '../../support/exec-handlers.js';
import { type FakeKubeApiserver, startFakeKubeApiserver } from '../../support/fake-kube-apiserver.js';
import { makeNode, makeRunningPod } from '../../support/kube-objects.js';

const ALL = ['v5.channel.k8s.io', 'v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io'];
const PATH =
  '/api/v1/namespaces/netcheck/pods/agent-a/exec?stdout=true&stderr=true&stdin=false&tty=false&command=sh&container=agent';

let api: FakeKubeApiserver;

async function start(options: Parameters<typeof startFakeKubeApiserver>[0] = {}) {
  api = await startFakeKubeApiserver({
    nodes: [makeNode('node-1')],
    pods: [makeRunningPod('agent-a', { namespace: 'netcheck', node: 'node-1' })],
    ...options,
  });
}

beforeEach(() => start());
afterEach(() => api.close());

interface Session {
  ws: WebSocket;
  frames: Buffer[];
  closed: Promise<number>;
}

function open(path = PATH, protocols = ALL): Promise<Session> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${api.url.replace('http', 'ws')}${path}`, protocols);
    const frames: Buffer[] = [];
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    ws.on('message', (data: Buffer) => frames.push(data));
    ws.on('open', () => resolve({ ws, frames, closed }));
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => {
        body += c.toString();
      });
      res.on('end', () => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode, body })));
    });
    ws.on('error', reject);
  });
}

const channel = (frames: Buffer[], n: number) =>
  Buffer.concat(frames.filter((f) => f[0] === n).map((f) => f.subarray(1))).toString('utf8');
const status = (frames: Buffer[]) => JSON.parse(channel(frames, 3));

describe('exec framing', () => {
  it('prefers v5, answers v4 to a v4-only client, and a v4-only server answers v4', async () => {
    expect((await open()).ws.protocol).toBe('v5.channel.k8s.io');
    expect((await open(PATH, ['v4.channel.k8s.io', 'channel.k8s.io'])).ws.protocol).toBe('v4.channel.k8s.io');
    await api.close();
    await start({ execProtocols: ['v4.channel.k8s.io'] });
    expect((await open()).ws.protocol).toBe('v4.channel.k8s.io');
  });

  it('opens with an empty stdout frame, splits output into 32 KiB frames, ends with the status, then closes', async () => {
    const big = 'x'.repeat(100 * 1024);
    api.exec = scriptedExec({ stdout: big, stderr: 'warn\n', exitCode: 0 });
    const s = await open();
    expect(await s.closed).toBe(1000);
    expect([...s.frames[0]!]).toEqual([1]);
    expect(s.frames.every((f) => f.length <= 32 * 1024 + 1)).toBe(true);
    expect(s.frames.some((f) => f[0] === 255)).toBe(false);
    expect(s.frames.at(-1)![0]).toBe(3);
    expect(channel(s.frames, 1)).toBe(big);
    expect(channel(s.frames, 2)).toBe('warn\n');
    expect(status(s.frames)).toEqual({ metadata: {}, status: 'Success' });
  });

  it('feeds stdin to the handler and ends it on [255, 0] over v5', async () => {
    api.exec = async ({ stdin, stdout }) => {
      let text = '';
      for await (const chunk of stdin!) text += String(chunk);
      stdout.write(text.toUpperCase());
      return 0;
    };
    const s = await open(PATH.replace('stdin=false', 'stdin=true'));
    s.ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('hello')]));
    s.ws.send(Buffer.from([255, 0]));
    await s.closed;
    expect(channel(s.frames, 1)).toBe('HELLO');
  });

  it('reports a non-zero exit as NonZeroExitCode with an ExitCode cause, stderr only', async () => {
    api.exec = stderrOnlyFailure('sh: conntrack: not found\n');
    const s = await open();
    await s.closed;
    expect(channel(s.frames, 1)).toBe('');
    expect(channel(s.frames, 2)).toBe('sh: conntrack: not found\n');
    expect(status(s.frames)).toMatchObject({
      status: 'Failure',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '1' }] },
    });
  });

  it('reports a runtime failure as InternalError without an exit code', async () => {
    api.exec = internalErrorExec();
    const s = await open();
    await s.closed;
    const st = status(s.frames);
    expect(st).toMatchObject({ status: 'Failure', reason: 'InternalError' });
    expect(st.details.causes.some((c: { reason?: string }) => c.reason === 'ExitCode')).toBe(false);
  });

  it('cuts the output and still reports success when truncating', async () => {
    api.exec = truncatedExec(scriptedExec({ stdout: `${'a'.repeat(5000)}\n#netcheck end\n`, exitCode: 0 }), 1000);
    const s = await open();
    await s.closed;
    expect(channel(s.frames, 1)).toBe('a'.repeat(1000));
    expect(status(s.frames).status).toBe('Success');
  });

  it('stalls: no frame at all and no close, until the client gives up (the handler sees the abort)', async () => {
    let aborted: Promise<void> | undefined;
    api.exec = (context) => {
      aborted = new Promise((r) => context.signal.addEventListener('abort', () => r()));
      return stalledExec()(context);
    };
    const s = await open();
    await new Promise((r) => setTimeout(r, 300));
    expect(s.frames).toEqual([]);
    expect(s.ws.readyState).toBe(WebSocket.OPEN);
    s.ws.terminate();
    await aborted;
  });
});

describe('exec upgrade refusals', () => {
  const refusal = (path = PATH) =>
    open(path).then(
      () => undefined,
      (e: { status?: number; body?: string }) => ({ status: e.status, body: JSON.parse(e.body ?? '{}') }),
    );

  it('answers a denied pods/exec with a plain HTTP 403 Status before switching protocols', async () => {
    api.deny({ verb: 'get', resource: 'pods/exec', namespace: 'netcheck' });
    const r = await refusal();
    expect(r?.status).toBe(403);
    expect(r?.body.message).toBe(
      'pods "agent-a" is forbidden: User "system:serviceaccount:netcheck:netcheck" cannot get resource "pods/exec" in API group "" in the namespace "netcheck"',
    );
  });

  it('requires create on pods/exec for a WebSocket exec from 1.35 on, not before', async () => {
    api.deny({ verb: 'create', resource: 'pods/exec' });
    expect(await refusal()).toBeUndefined();
    await api.close();
    await start({ version: 'v1.35.0' });
    api.deny({ verb: 'create', resource: 'pods/exec' });
    expect((await refusal())?.body.message).toMatch(/cannot create resource "pods\/exec"/);
  });

  it('answers 404 for a missing pod and 400 for a wrong container or a pod that is not running', async () => {
    expect((await refusal(PATH.replace('agent-a', 'agent-z')))?.body).toMatchObject({
      code: 404,
      message: 'pods "agent-z" not found',
    });
    expect((await refusal(PATH.replace('container=agent', 'container=nope')))?.body.message).toBe(
      'container nope is not valid for pod agent-a',
    );
    api.pods.fate = () => ({ kind: 'pending' });
    api.pods.create('netcheck', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { nodeName: 'node-1', containers: [{ name: 'agent' }] },
    });
    expect((await refusal(PATH.replace('agent-a', 'p')))?.body).toMatchObject({ code: 400, reason: 'BadRequest' });
  });
});
