// A local Alertmanager v2 silences API over node:http, validating a silence like Alertmanager 0.2x does:
// the OpenAPI schema first (required fields → 422 `{code: 602, message: "<field> in body is required"}`), then the
// handler's checks (400 text: start before end, end not in the past, matchers that match something). It also holds
// alerts: GET /api/v2/alerts with `filter` matchers, each alert's fingerprint as Alertmanager computes it and its
// `status.silencedBy` from the active silences, so a test can see what a silence mutes.

import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSilence {
  id: string;
  matchers: { name: string; value: string; isRegex: boolean; isEqual: boolean }[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
  headers: IncomingMessage['headers'];
}

/** An alert the fake holds, as GET /api/v2/alerts returns it (GettableAlert). */
export interface FakeAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  fingerprint: string;
  startsAt: string;
  endsAt: string;
  updatedAt: string;
  generatorURL: string;
  receivers: { name: string }[];
  status: { state: 'active' | 'suppressed' | 'unprocessed'; silencedBy: string[]; inhibitedBy: string[] };
}

export interface FakeAlertmanager {
  url: string;
  silences: FakeSilence[];
  /** Adds a firing alert (as if a Prometheus had sent it); returns it with its fingerprint. */
  addAlert(labels: Record<string, string>): FakeAlert;
  /** The alerts with their current status (silencedBy from the silences active now). */
  alerts(): FakeAlert[];
  /** Label sets of the alerts the silence `id` mutes now. */
  mutedBy(id: string): Record<string, string>[];
  /** GET /api/v2/alerts requests, with their `filter` parameters. */
  alertQueries: string[][];
  /** Requests that were refused, with the status and body sent back. */
  rejected: { status: number; body: string }[];
  /** The next POST answers with this status and body. */
  failNext(status: number, body: string): void;
  close(): Promise<void>;
}

export interface FakeAlertmanagerOptions {
  /** Require `Authorization: Basic base64(user:password)` (an Alertmanager behind a proxy with basic auth). */
  basicAuth?: { username: string; password: string };
}

type Check = { status: number; body: string } | undefined;

/** Prometheus' model.LabelSet.Fingerprint(): FNV-1a 64 over sorted `name 0xff value 0xff`, as 16 hex digits. */
export function alertmanagerFingerprint(labels: Record<string, string>): string {
  const prime = 1099511628211n;
  const mask = (1n << 64n) - 1n;
  let hash = 14695981039346656037n;
  const add = (bytes: Iterable<number>) => {
    for (const byte of bytes) hash = ((hash ^ BigInt(byte)) * prime) & mask;
  };
  for (const name of Object.keys(labels).sort()) {
    add(Buffer.from(name, 'utf8'));
    add([0xff]);
    add(Buffer.from(labels[name] ?? '', 'utf8'));
    add([0xff]);
  }
  return hash.toString(16).padStart(16, '0');
}

type Matcher = FakeSilence['matchers'][number];

function matches(m: Matcher, labels: Record<string, string>): boolean {
  const value = labels[m.name] ?? '';
  const hit = m.isRegex ? new RegExp(`^(?:${m.value})$`).test(value) : value === m.value;
  return hit === (m.isEqual ?? true);
}

/** One `filter` parameter (`name="v"`, `name!="v"`, `name=~"re"`, `name!~"re"`, values quoted or bare). */
function parseFilter(text: string): Matcher {
  const match = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/.exec(text);
  if (!match) throw new Error(`bad matcher format: ${text}`);
  const [, name = '', op = '=', raw = ''] = match;
  const value = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
  const isRegex = op === '=~' || op === '!~';
  if (isRegex) new RegExp(value);
  return { name, value, isRegex, isEqual: op === '=' || op === '=~' };
}

function required(body: Record<string, unknown>): Check {
  for (const field of ['comment', 'createdBy', 'endsAt', 'matchers', 'startsAt']) {
    if (body[field] === undefined || body[field] === null) {
      return { status: 422, body: JSON.stringify({ code: 602, message: `${field} in body is required` }) };
    }
  }
  for (const field of ['comment', 'createdBy', 'endsAt', 'startsAt']) {
    if (typeof body[field] !== 'string') {
      return { status: 422, body: JSON.stringify({ code: 2, message: `${field} in body must be of type string` }) };
    }
  }
  if (!Array.isArray(body.matchers)) {
    return { status: 422, body: JSON.stringify({ code: 2, message: 'matchers in body must be of type array' }) };
  }
  if (body.matchers.length === 0) {
    return {
      status: 422,
      body: JSON.stringify({ code: 604, message: 'matchers in body should have at least 1 items' }),
    };
  }
  for (const [i, m] of body.matchers.entries()) {
    const matcher = m as Record<string, unknown>;
    for (const field of ['isRegex', 'name', 'value']) {
      if (matcher[field] === undefined) {
        return {
          status: 422,
          body: JSON.stringify({ code: 602, message: `matchers.${i}.${field} in body is required` }),
        };
      }
    }
    if (
      typeof matcher.isRegex !== 'boolean' ||
      (matcher.isEqual !== undefined && typeof matcher.isEqual !== 'boolean')
    ) {
      return {
        status: 422,
        body: JSON.stringify({ code: 2, message: `matchers.${i}.isRegex in body must be of type boolean` }),
      };
    }
  }
  return undefined;
}

function semantic(body: FakeSilence): Check {
  const starts = Date.parse(body.startsAt);
  const ends = Date.parse(body.endsAt);
  if (Number.isNaN(starts) || Number.isNaN(ends)) {
    return { status: 422, body: JSON.stringify({ code: 601, message: 'startsAt in body must be of type date-time' }) };
  }
  if (starts >= ends) return { status: 400, body: '"Failed to create silence: start time must be before end time"' };
  if (ends < Date.now()) return { status: 400, body: '"Failed to create silence: end time can\'t be in the past"' };
  if (body.createdBy.trim() === '') return { status: 400, body: '"invalid silence: creator information missing"' };
  if (body.comment.trim() === '') return { status: 400, body: '"invalid silence: comment missing"' };
  for (const [i, m] of body.matchers.entries()) {
    if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(m.name)) {
      return {
        status: 400,
        body: `"invalid silence: invalid label matcher ${i}: invalid label name ${JSON.stringify(m.name)}"`,
      };
    }
  }
  const matchesEmpty = (m: FakeSilence['matchers'][number]) =>
    m.isRegex ? new RegExp(`^(?:${m.value})$`).test('') === m.isEqual : (m.value === '') === m.isEqual;
  if (body.matchers.every(matchesEmpty)) {
    return { status: 400, body: '"invalid silence: at least one matcher must not match the empty string"' };
  }
  return undefined;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts the fake on 127.0.0.1 and a free port. */
export async function startFakeAlertmanager(options: FakeAlertmanagerOptions = {}): Promise<FakeAlertmanager> {
  const silences: FakeSilence[] = [];
  const held: Omit<FakeAlert, 'status'>[] = [];
  const alertQueries: string[][] = [];
  const activeSilences = () =>
    silences.filter((s) => Date.parse(s.startsAt) <= Date.now() && Date.now() < Date.parse(s.endsAt));
  const withStatus = (alert: Omit<FakeAlert, 'status'>): FakeAlert => {
    const silencedBy = activeSilences()
      .filter((s) => s.matchers.every((m) => matches(m, alert.labels)))
      .map((s) => s.id);
    return {
      ...alert,
      status: { state: silencedBy.length > 0 ? 'suppressed' : 'active', silencedBy, inhibitedBy: [] },
    };
  };
  const rejected: { status: number; body: string }[] = [];
  let failure: { status: number; body: string } | undefined;

  const send = (res: ServerResponse, status: number, body: string) => {
    if (status >= 400) rejected.push({ status, body });
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  };

  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (options.basicAuth) {
      const expected = `Basic ${Buffer.from(`${options.basicAuth.username}:${options.basicAuth.password}`).toString('base64')}`;
      if (req.headers.authorization !== expected) {
        res.setHeader('www-authenticate', 'Basic realm="alertmanager"');
        return send(res, 401, 'Unauthorized');
      }
    }
    if (path === '/api/v2/silences' && req.method === 'GET') return send(res, 200, JSON.stringify(silences));
    if (path === '/api/v2/alerts' && req.method === 'GET') {
      const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
      const filters = query.getAll('filter');
      alertQueries.push(filters);
      let parsed: Matcher[];
      try {
        parsed = filters.map(parseFilter);
      } catch (error) {
        return send(res, 400, JSON.stringify((error as Error).message));
      }
      const flag = (name: string) => query.get(name) !== 'false';
      const listed = held
        .map(withStatus)
        .filter((alert) => parsed.every((m) => matches(m, alert.labels)))
        .filter((alert) => (alert.status.state === 'suppressed' ? flag('silenced') : flag('active')));
      return send(res, 200, JSON.stringify(listed));
    }
    if (path !== '/api/v2/silences' || req.method !== 'POST') return send(res, 404, '404 page not found');
    const text = await readBody(req);
    if (failure) {
      const { status, body } = failure;
      failure = undefined;
      return send(res, status, body);
    }
    if (!String(req.headers['content-type']).startsWith('application/json')) {
      return send(res, 415, JSON.stringify({ code: 415, message: 'unsupported media type' }));
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      return send(
        res,
        400,
        JSON.stringify({ code: 400, message: `parsing silence body: ${(error as Error).message}` }),
      );
    }
    const shapeProblem = required(body);
    if (shapeProblem) return send(res, shapeProblem.status, shapeProblem.body);
    const silence: FakeSilence = {
      id: randomUUID(),
      matchers: (body.matchers as FakeSilence['matchers']).map((m) => ({ ...m, isEqual: m.isEqual ?? true })),
      startsAt: body.startsAt as string,
      endsAt: body.endsAt as string,
      createdBy: body.createdBy as string,
      comment: body.comment as string,
      headers: req.headers,
    };
    const problem = semantic(silence);
    if (problem) return send(res, problem.status, problem.body);
    silences.push(silence);
    send(res, 200, JSON.stringify({ silenceID: silence.id }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    silences,
    addAlert(labels) {
      const now = new Date().toISOString();
      const alert = {
        labels: { ...labels },
        annotations: {},
        fingerprint: alertmanagerFingerprint(labels),
        startsAt: now,
        endsAt: new Date(Date.now() + 5 * 60_000).toISOString(),
        updatedAt: now,
        generatorURL: 'http://prometheus:9090/graph',
        receivers: [{ name: 'netcheck' }],
      };
      held.push(alert);
      return withStatus(alert);
    },
    alerts: () => held.map(withStatus),
    mutedBy: (id) =>
      held.map(withStatus).flatMap((alert) => (alert.status.silencedBy.includes(id) ? [alert.labels] : [])),
    alertQueries,
    rejected,
    failNext(status, body) {
      failure = { status, body };
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
