// A local Slack Web API server for tests (node:http, 127.0.0.1, a free port): token checks, chat.* with Block Kit
// limits, the v2 file upload flow, users/usergroups/conversations lookups, response_url (5 uses), Socket Mode, and
// failure injection (429 + Retry-After, 5xx, platform errors, delays). Point a WebClient at it with
// `new WebClient(token, { slackApiUrl: fake.apiUrl })`.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type BlockLimits, blockTexts, defaultBlockLimits, findMentions } from './fake-slack-blocks.js';
import { boolArg, decodeRequest, readBody, requestToken } from './fake-slack-body.js';
import { type FakeFailure, FaultPlan, type RateLimitOptions } from './fake-slack-faults.js';
import { type ApiResult, appMethods, botMethods } from './fake-slack-methods.js';
import { type FakeCall, type FakeResponse, responseUrlRoute, uploadRoute } from './fake-slack-routes.js';
import { FakeSocketMode, type SocketAck, type SocketEnvelope } from './fake-slack-socket.js';
import {
  defaultChannels,
  defaultUsergroups,
  defaultUsers,
  type FakeChannel,
  type FakeEphemeral,
  type FakeFile,
  type FakeMessage,
  type FakeUser,
  type FakeUsergroup,
  FakeWorkspace,
} from './fake-slack-state.js';
import { poll } from './poll.js';

export type { FakeFailure, RateLimitOptions } from './fake-slack-faults.js';
export type { SocketAck, SocketEnvelope } from './fake-slack-socket.js';
export type { FakeChannel, FakeEphemeral, FakeFile, FakeMessage, FakeUser, FakeUsergroup } from './fake-slack-state.js';

export interface FakeSlackOptions {
  /** Bot token (xoxb) the Web API accepts. */
  token?: string;
  /** App-level token (xapp) for apps.connections.open (Socket Mode). */
  appToken?: string;
  channels?: FakeChannel[];
  users?: FakeUser[];
  usergroups?: FakeUsergroup[];
  blockLimits?: Partial<BlockLimits>;
}

export type { FakeCall, FakeResponse } from './fake-slack-routes.js';

export interface FakeSlack {
  url: string;
  /** Base URL for WebClient's `slackApiUrl` (ends with /api/). */
  apiUrl: string;
  token: string;
  appToken: string;
  workspace: FakeWorkspace;
  calls: FakeCall[];
  callsTo(method: string): FakeCall[];
  /** Top-level messages of a channel, latest state after updates. */
  messages(channel: string): FakeMessage[];
  /** Replies in a thread, in order. */
  thread(channel: string, ts: string): FakeMessage[];
  ephemerals(channel?: string): FakeEphemeral[];
  /** Files of the v2 upload flow, with their bytes. */
  files(): FakeFile[];
  /** Every mention that would notify someone, across posted and updated messages. */
  mentions(): { channel: string; ts: string; mention: string }[];
  failNext(method: string, failure: FakeFailure & { times?: number }): void;
  rateLimit(method: string, perSecond: number, options?: RateLimitOptions): void;
  clearRateLimit(method: string): void;
  /** Calls that arrived before a Retry-After the fake had announced for their scope ran out. */
  rateLimitViolations(): { method: string; scope: string; earlyMs: number }[];
  /** Every following call gets `token_revoked`. */
  revokeToken(): void;
  /** A response_url on this server (Slack's allow 5 uses within 30 minutes). */
  responseUrl(id?: string): string;
  responses(id: string): FakeResponse[];
  socket: FakeSocketMode;
  /** Sends a Socket Mode envelope to the connected client; resolves with its ack. */
  socketSend(envelope: SocketEnvelope, timeoutMs?: number): Promise<SocketAck>;
  /** Polls `probe` every 10 ms until it returns a truthy value. */
  waitFor<T>(probe: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Starts the fake on 127.0.0.1 and a free port. */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const token = options.token ?? 'xoxb-test';
  const appToken = options.appToken ?? 'xapp-1-A0NETCHECK-test';
  const limits: BlockLimits = { ...defaultBlockLimits, ...options.blockLimits };
  const workspace = new FakeWorkspace(
    options.channels ?? defaultChannels,
    options.users ?? defaultUsers,
    options.usergroups ?? defaultUsergroups,
    { userId: 'U0NETCHECK', botId: 'B0NETCHECK', teamId: 'T0NETCHECK' },
  );
  const faults = new FaultPlan();
  const socket = new FakeSocketMode();
  const calls: FakeCall[] = [];
  const responseLog = new Map<string, FakeResponse[]>();
  const timers = new Set<NodeJS.Timeout>();
  let revoked = false;
  let baseUrl = '';

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const authError = (method: string, given: string | undefined): string | undefined => {
    if (given === undefined) return 'not_authed';
    if (revoked) return 'token_revoked';
    if (method === 'apps.connections.open') {
      if (given === token) return 'not_allowed_token_type';
      return given === appToken ? undefined : 'invalid_auth';
    }
    if (given === appToken && method in appMethods) return undefined;
    if (given === appToken) return 'not_allowed_token_type';
    return given === token ? undefined : 'invalid_auth';
  };

  async function handleApi(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    const at = Date.now();
    const raw = await readBody(req);
    let decoded: Awaited<ReturnType<typeof decodeRequest>>;
    try {
      decoded = await decodeRequest(req, raw);
    } catch {
      calls.push({ method, args: {}, headers: req.headers, at, status: 200, ok: false, error: 'invalid_json' });
      return sendJson(res, 200, { ok: false, error: 'invalid_json' });
    }
    const args = decoded.args;
    const call: FakeCall = { method, args, headers: req.headers, at, status: 200, ok: false };
    calls.push(call);
    const answer = (status: number, body: ApiResult | string, headers: Record<string, string> = {}): void => {
      call.status = status;
      if (typeof body === 'string') {
        call.error = `http_${status}`;
        res.writeHead(status, { 'content-type': 'text/plain', ...headers });
        res.end(body);
        return;
      }
      call.ok = body.ok;
      if (typeof body.error === 'string') call.error = body.error;
      sendJson(res, status, body, headers);
    };
    const handler = botMethods[method] ?? appMethods[method];
    const tokenError = authError(method, requestToken(req, args));
    if (tokenError !== undefined) return answer(200, { ok: false, error: tokenError });
    if (handler === undefined) return answer(200, { ok: false, error: 'unknown_method' });
    const channel = typeof args.channel === 'string' ? args.channel : (args.channel_id as string | undefined);
    const decision = faults.decide(method, channel);
    if (decision.kind === 'status') {
      const headers: Record<string, string> =
        decision.retryAfter === undefined ? {} : { 'retry-after': String(decision.retryAfter) };
      if (decision.status === 429) {
        call.status = 429;
        call.error = 'ratelimited';
        res.writeHead(429, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(decision.body);
        return;
      }
      return answer(decision.status, decision.body, headers);
    }
    if (decision.kind === 'error') return answer(200, { ok: false, error: decision.error, ...decision.extra });
    const run = (): ApiResult => handler({ workspace, args, baseUrl, limits, issueTicket: () => socket.issueTicket() });
    if (decision.kind === 'delay') {
      let result: ApiResult | undefined;
      if (decision.afterHandling) result = run();
      await sleep(decision.delayMs);
      if (res.destroyed || req.socket.destroyed) {
        call.error = result === undefined ? 'client_gone' : `client_gone_after_handling`;
        call.status = 0;
        return;
      }
      return answer(200, result ?? run());
    }
    answer(200, run());
  }

  const handleUpload = uploadRoute({ workspace, faults, calls, sleep });
  const handleResponseUrl = responseUrlRoute({ calls, limits, log: responseLog });

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const parts = url.pathname.split('/').filter((part) => part !== '');
    let work: Promise<void>;
    if (parts[0] === 'api' && parts[1] !== undefined && parts.length === 2) work = handleApi(req, res, parts[1]);
    else if (req.method === 'POST' && parts[0] === 'upload' && parts[2] !== undefined) {
      work = handleUpload(req, res, parts[2]);
    } else if (req.method === 'POST' && parts[0] === 'commands' && parts[2] !== undefined) {
      work = handleResponseUrl(req, res, parts[2]);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not Found');
      return;
    }
    work.catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  server.on('upgrade', (req, sock, head) => {
    if (!socket.handleUpgrade(req, sock, head)) sock.destroy();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: baseUrl,
    apiUrl: `${baseUrl}/api/`,
    token,
    appToken,
    workspace,
    calls,
    callsTo: (method) => calls.filter((call) => call.method === method),
    messages: (channel) => workspace.topLevel(channel),
    thread: (channel, ts) => workspace.replies(channel, ts),
    ephemerals: (channel) => workspace.ephemerals.filter((e) => channel === undefined || e.channel === channel),
    files: () => [...workspace.files.values()],
    mentions: () =>
      workspace.messages.flatMap((message) => {
        const texts = [message.text, ...blockTexts(message.blocks ?? [])];
        const found = texts.flatMap(findMentions);
        if (boolArg(message.args.link_names)) {
          for (const text of texts) found.push(...(text.match(/@(channel|here|everyone)\b/g) ?? []));
        }
        return found.map((mention) => ({ channel: message.channel, ts: message.ts, mention }));
      }),
    failNext: (method, failure) => faults.failNext(method, failure, failure.times ?? 1),
    rateLimit: (method, perSecond, rateOptions) => faults.rateLimit(method, perSecond, rateOptions),
    clearRateLimit: (method) => faults.clearRateLimit(method),
    rateLimitViolations: () => [...faults.violations],
    revokeToken: () => {
      revoked = true;
    },
    responseUrl: (id = randomUUID()) => `${baseUrl}/commands/T0NETCHECK/${id}/${randomUUID().slice(0, 8)}`,
    responses: (id) => responseLog.get(id) ?? [],
    socket,
    socketSend: (envelope, timeoutMs) => socket.send(envelope, timeoutMs),
    waitFor: (probe, timeoutMs = 5_000) =>
      poll(() => probe() || undefined, timeoutMs, 'a condition in the fake Slack', { intervalMs: 10 }),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await socket.close();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
