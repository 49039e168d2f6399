// The fake Slack's non-API routes: the upload URL of the v2 file flow and response_url (5 uses, then 404 used_url).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type BlockLimits, checkBlocks } from './fake-slack-blocks.js';
import { boolArg, decodeRequest, readBody } from './fake-slack-body.js';
import type { FaultPlan } from './fake-slack-faults.js';
import type { FakeWorkspace } from './fake-slack-state.js';

/** One request as the fake saw it. `method` is the Web API method, or `upload` / `response_url`. */
export interface FakeCall {
  method: string;
  args: Record<string, unknown>;
  headers: IncomingMessage['headers'];
  /** Arrival time (ms since epoch). */
  at: number;
  /** HTTP status answered (0 when the client left before the answer). */
  status: number;
  ok: boolean;
  error?: string;
}

/** A POST to a response_url. */
export interface FakeResponse {
  body: Record<string, unknown>;
  status: number;
  at: number;
}

type Route = (req: IncomingMessage, res: ServerResponse, id: string) => Promise<void>;

const maxResponseUses = 5;

/** POST /upload/v1/<file id>: raw bytes or a multipart part; answers `OK - <bytes>` like files.slack.com. */
export function uploadRoute(deps: {
  workspace: FakeWorkspace;
  faults: FaultPlan;
  calls: FakeCall[];
  sleep: (ms: number) => Promise<void>;
}): Route {
  return async (req, res, fileId) => {
    const raw = await readBody(req);
    const call: FakeCall = {
      method: 'upload',
      args: { file_id: fileId },
      headers: req.headers,
      at: Date.now(),
      status: 200,
      ok: true,
    };
    deps.calls.push(call);
    const decision = deps.faults.decide('upload', undefined);
    if (decision.kind === 'status') {
      call.status = decision.status;
      call.ok = false;
      const headers = decision.retryAfter === undefined ? {} : { 'retry-after': String(decision.retryAfter) };
      res.writeHead(decision.status, headers);
      res.end(decision.body);
      return;
    }
    if (decision.kind === 'delay') await deps.sleep(decision.delayMs);
    const file = deps.workspace.files.get(fileId);
    if (file === undefined || file.completed) {
      call.status = 404;
      call.ok = false;
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not Found');
      return;
    }
    const contentType = (req.headers['content-type'] ?? '').toLowerCase();
    if (contentType.startsWith('multipart/form-data')) {
      const decoded = await decodeRequest(req, raw);
      file.bytes = decoded.parts[0]?.bytes ?? Buffer.alloc(0);
      file.encoding = 'multipart';
    } else {
      file.bytes = raw;
      file.encoding = 'raw';
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`OK - ${file.bytes.length}`);
  };
}

/** POST /commands/<team>/<id>/<secret>: a response_url; JSON body; the sixth use gets 404 `used_url`. */
export function responseUrlRoute(deps: {
  calls: FakeCall[];
  limits: BlockLimits;
  log: Map<string, FakeResponse[]>;
}): Route {
  return async (req, res, id) => {
    const raw = await readBody(req);
    const log = deps.log.get(id) ?? [];
    deps.log.set(id, log);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      body = { raw: raw.toString('utf8') };
    }
    const record = (status: number, text: string): void => {
      const at = Date.now();
      log.push({ body, status, at });
      deps.calls.push({ method: 'response_url', args: body, headers: req.headers, at, status, ok: status === 200 });
      res.writeHead(status, { 'content-type': status === 200 ? 'application/json' : 'text/plain' });
      res.end(status === 200 ? JSON.stringify({ ok: true }) : text);
    };
    if (log.filter((entry) => entry.status === 200).length >= maxResponseUses) return record(404, 'used_url');
    if (body.blocks !== undefined) {
      const rejection = checkBlocks(body.blocks, deps.limits);
      if (rejection !== undefined) return record(400, rejection.error);
    }
    if (!boolArg(body.delete_original) && typeof body.text !== 'string' && body.blocks === undefined) {
      return record(400, 'no_text');
    }
    record(200, 'ok');
  };
}
