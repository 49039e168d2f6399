// A local Alertmanager v2 silences API over node:http, validating a silence like Alertmanager 0.2x does:
// the OpenAPI schema first (required fields → 422 `{code: 602, message: "<field> in body is required"}`), then the
// handler's checks (400 text: start before end, end not in the past, matchers that match something).

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

export interface FakeAlertmanager {
  url: string;
  silences: FakeSilence[];
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
