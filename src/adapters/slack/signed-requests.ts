// The gate in front of Bolt's POST /slack/events: a request must carry a valid v0 signature with a timestamp at most
// 5 minutes from now in either direction (Bolt only refuses old ones), else 401. Each signature is then remembered
// in Redis (SET NX EX) for as long as its timestamp stays acceptable, so a replay is acknowledged but runs nothing:
// the handlers read `firstSeen` from the request's context before doing anything. Socket Mode has no signatures.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPModuleFunctions, type HTTPReceiver } from '@slack/bolt';
import type { Logger } from '../../app/ports/logger.js';
import type { ReplayGuard } from '../../app/ports/replay-guard.js';
import { checkSlackSignature, replayMemorySeconds } from '../../chatops/slack-signature.js';

/** What the gate learned about a request, handed to the listeners in Bolt's `context.slackRequest`. */
export interface SlackRequestInfo {
  /** When the request arrived (ms since the epoch): the ack deadline counts from here. */
  receivedAt: number;
  /** Whether this is the first delivery of this signed request (false: a replay, to acknowledge and ignore). */
  firstSeen: Promise<boolean>;
}

/** The `context` key the listeners read SlackRequestInfo from. */
export const REQUEST_INFO_KEY = 'slackRequest';

const INFO = Symbol('netcheck.slackRequest');
type TaggedRequest = IncomingMessage & { [INFO]?: SlackRequestInfo };

/** For Bolt's `customPropertiesExtractor`: the gate's SlackRequestInfo of a request. */
export function requestInfoOf(request: IncomingMessage): Record<string, unknown> {
  const info = (request as TaggedRequest)[INFO];
  return info ? { [REQUEST_INFO_KEY]: info } : {};
}

export interface SignatureGateOptions {
  signingSecret: string;
  /** Without one, every valid request counts as first seen (a single replica without Redis, in tests). */
  guard?: ReplayGuard;
  logger: Logger;
  /** Bolt's endpoint. @defaultValue ['/slack/events'] */
  endpoints?: readonly string[];
  now?: () => number;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function answer(res: ServerResponse, status: number): void {
  res.writeHead(status);
  res.end();
}

/** Puts the gate in front of `receiver`'s request listener (Bolt calls `receiver.requestListener` per request). */
export function gateSignedRequests(receiver: HTTPReceiver, options: SignatureGateOptions): void {
  const bolt = receiver.requestListener;
  const endpoints = options.endpoints ?? ['/slack/events'];
  const now = options.now ?? Date.now;

  const gate = async (req: TaggedRequest, res: ServerResponse): Promise<void> => {
    const receivedAt = now();
    let body: Buffer;
    try {
      body = (await HTTPModuleFunctions.bufferIncomingMessage(req, HTTPModuleFunctions.defaultBodyLimit)).rawBody;
    } catch (error) {
      const tooLarge =
        HTTPModuleFunctions.isRawBodyError(error) && (error as { statusCode?: number }).statusCode === 413;
      options.logger.warn({ error: (error as Error).message }, 'could not read a Slack request body');
      return answer(res, tooLarge ? 413 : 400);
    }
    // Slack's SSL check is unsigned; Bolt answers it and drops anything else in the body.
    if (
      header(req, 'content-type') === 'application/x-www-form-urlencoded' &&
      new URLSearchParams(body.toString('utf8')).get('ssl_check') === '1'
    ) {
      return bolt(req, res);
    }
    const check = checkSlackSignature(
      { timestamp: header(req, 'x-slack-request-timestamp'), signature: header(req, 'x-slack-signature'), body },
      options.signingSecret,
      now(),
    );
    if (!check.ok) {
      options.logger.warn({ reason: check.reason }, 'Failed to verify authenticity of a Slack request; answered 401');
      return answer(res, 401);
    }
    const signature = header(req, 'x-slack-signature') ?? '';
    const firstSeen = options.guard
      ? options.guard.firstSeen(signature, replayMemorySeconds(check.timestampSeconds, now()))
      : Promise.resolve(true);
    // A listener that never asks (help, an unknown action) must not leave a rejection unhandled.
    firstSeen.catch(() => {});
    req[INFO] = { receivedAt, firstSeen };
    bolt(req, res);
  };

  receiver.requestListener = (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method?.toUpperCase() !== 'POST' || !endpoints.includes(path)) return bolt(req, res);
    gate(req, res).catch((error: unknown) => {
      options.logger.error({ err: error }, 'the Slack request gate failed');
      if (!res.headersSent) answer(res, 500);
    });
  };
}
