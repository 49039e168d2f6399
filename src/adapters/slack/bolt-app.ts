// The Bolt app: Slack requests at POST /slack/events (HTTP: signature and timestamp checked, replays ignored, see
// signed-requests.ts) or over Socket Mode when an app token is set, plus the service's own routes (Alertmanager
// intake, health, metrics) on the same port.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import type { BotServices } from '../../app/ports/bot-services.js';
import type { ReplayGuard } from '../../app/ports/replay-guard.js';
import { createBoltLogger } from './bolt-logger.js';
import { registerButtons } from './buttons.js';
import { registerMessageShortcut } from './message-shortcut.js';
import { gateSignedRequests, requestInfoOf } from './signed-requests.js';
import { registerSlashCommand } from './slash-command.js';

export interface BoltAppOptions {
  botToken: string;
  /** HTTP mode: every request's v0 signature and timestamp are checked with it. */
  signingSecret?: string;
  /** Socket Mode when set (xapp-…). */
  appToken?: string;
  /** HTTP mode: remembers request signatures so a replayed request runs nothing (Redis, across replicas). */
  replayGuard?: ReplayGuard;
  /**
   * The bot's ids from auth.test at start-up (slack-identity.ts). Without them Bolt calls auth.test before each
   * request; Bolt's own start-up call is never made (its failure would be an unhandled rejection).
   */
  identity?: { botId: string; botUserId: string };
  /** Web API base URL (SLACK_API_URL), ending in `/`. */
  apiUrl: string;
  port: number;
  /** The service's other routes on the same port (POST /alertmanager, /healthz, /readyz, /metrics). */
  routes?: readonly HttpRoute[];
  services: BotServices;
}

/** A node:http route handler as Bolt's `customRoutes` take it. */
export interface HttpRoute {
  path: string;
  method: string | string[];
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

export interface BoltApp {
  app: InstanceType<typeof App>;
  /** Starts listening; resolves with the port (useful with port 0). */
  start(): Promise<number>;
  /** Stops taking requests (HTTP server closed, socket disconnected). */
  stop(): Promise<void>;
}

/** Builds the Bolt app with its listeners and routes; `start()` opens the port (and the socket in Socket Mode). */
export function createBoltApp(options: BoltAppOptions): BoltApp {
  const { services } = options;
  const logger = createBoltLogger(services.logger);
  const customRoutes = [...(options.routes ?? [])];
  const clientOptions = { slackApiUrl: options.apiUrl };
  const auth = {
    token: options.botToken,
    tokenVerificationEnabled: false,
    ...(options.identity ? { botId: options.identity.botId, botUserId: options.identity.botUserId } : {}),
  };
  let server: Server | undefined;
  let app: InstanceType<typeof App>;
  let socketPort: number | undefined;

  if (options.appToken) {
    const receiver = new SocketModeReceiver({
      appToken: options.appToken,
      logger,
      customRoutes,
      // A copy: the Socket Mode client writes its own retry policy into the object it is given.
      installerOptions: { port: options.port, clientOptions: { ...clientOptions } },
    });
    app = new App({ ...auth, receiver, logger, clientOptions });
    socketPort = options.port;
  } else {
    if (!options.signingSecret) throw new Error('createBoltApp: HTTP mode needs the signing secret');
    const receiver = new HTTPReceiver({
      signingSecret: options.signingSecret,
      port: options.port,
      customRoutes,
      logger,
      // A request without an ack after this long is answered by Bolt; our handlers ack well before.
      unhandledRequestTimeoutMillis: 3001,
      customPropertiesExtractor: requestInfoOf,
    });
    gateSignedRequests(receiver, {
      signingSecret: options.signingSecret,
      ...(options.replayGuard ? { guard: options.replayGuard } : {}),
      logger: services.logger,
    });
    app = new App({ ...auth, receiver, logger, clientOptions });
  }

  registerSlashCommand(app, services);
  registerMessageShortcut(app, services);
  registerButtons(app, services);
  app.error(async (error) => {
    services.logger.error({ err: error }, 'unhandled error in a Slack listener');
  });

  return {
    app,
    async start() {
      const started = (await app.start(options.port)) as unknown;
      if (socketPort !== undefined) return socketPort;
      server = started as Server;
      return (server.address() as AddressInfo).port;
    },
    async stop() {
      await app.stop();
    },
  };
}
