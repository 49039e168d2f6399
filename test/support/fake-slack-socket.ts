// Socket Mode for the fake Slack: apps.connections.open hands out a single-use ticket URL on this server; the
// client connects, gets `hello`, receives envelopes and answers each with `{envelope_id, payload?}` (the ack).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';

/** What Slack sends over the socket. `envelope_id` is filled in when absent. */
export interface SocketEnvelope {
  envelope_id?: string;
  type: 'slash_commands' | 'interactive' | 'events_api';
  payload: Record<string, unknown>;
  accepts_response_payload?: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

/** The client's acknowledgement of one envelope. */
export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
  /** Milliseconds from sending the envelope to the ack. */
  ms: number;
}

/** Socket Mode side of the fake. */
export class FakeSocketMode {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Set<string>();
  private readonly sockets = new Set<WebSocket>();
  private readonly waiting = new Map<string, { resolve: (ack: SocketAck) => void; sentAt: number }>();
  private readonly connectWaiters: (() => void)[] = [];
  private readonly pinger: NodeJS.Timeout;
  /** Every ack received, in order. */
  readonly acks: SocketAck[] = [];
  /** Every message the client sent that was not an ack of a pending envelope. */
  readonly stray: unknown[] = [];

  constructor() {
    // Slack pings the client; @slack/socket-mode drops the connection after 30 s without a ping.
    this.pinger = setInterval(() => {
      for (const socket of this.sockets) socket.ping();
    }, 5_000);
    this.pinger.unref();
  }

  issueTicket(): string {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return ticket;
  }

  /** Takes a WebSocket upgrade for `/link/?ticket=…`; returns false when the request is not ours. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (url.pathname !== '/link/' && url.pathname !== '/link') return false;
    const ticket = url.searchParams.get('ticket') ?? '';
    if (!this.tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return true;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
    return true;
  }

  private accept(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('message', (data) => this.onMessage(data.toString()));
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.sockets.size,
        debug_info: { host: 'fake-slack', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: 'A0NETCHECK' },
      }),
    );
    for (const waiter of this.connectWaiters.splice(0)) waiter();
  }

  private onMessage(text: string): void {
    let message: { envelope_id?: unknown; payload?: unknown };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      this.stray.push(text);
      return;
    }
    const id = typeof message.envelope_id === 'string' ? message.envelope_id : undefined;
    const pending = id === undefined ? undefined : this.waiting.get(id);
    if (id === undefined || pending === undefined) {
      this.stray.push(message);
      return;
    }
    this.waiting.delete(id);
    const ack: SocketAck = { envelope_id: id, ms: Date.now() - pending.sentAt };
    if (typeof message.payload === 'object' && message.payload !== null && Object.keys(message.payload).length > 0) {
      ack.payload = message.payload as Record<string, unknown>;
    }
    this.acks.push(ack);
    pending.resolve(ack);
  }

  /** Whether a client is connected (has received `hello`). */
  get connected(): boolean {
    return this.sockets.size > 0;
  }

  /** Resolves once a client is connected. */
  waitForConnection(timeoutMs = 5_000): Promise<void> {
    if (this.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no Socket Mode client connected')), timeoutMs);
      this.connectWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Sends an envelope to the connected client and resolves with its ack (rejects after `timeoutMs`). */
  send(envelope: SocketEnvelope, timeoutMs = 5_000): Promise<SocketAck> {
    const socket = [...this.sockets].at(-1);
    if (socket === undefined) return Promise.reject(new Error('no Socket Mode client connected'));
    const id = envelope.envelope_id ?? randomUUID();
    const full = { accepts_response_payload: envelope.type !== 'events_api', ...envelope, envelope_id: id };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`envelope ${id} (${envelope.type}) was not acknowledged within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(id, {
        sentAt: Date.now(),
        resolve: (ack) => {
          clearTimeout(timer);
          resolve(ack);
        },
      });
      socket.send(JSON.stringify(full));
    });
  }

  /** Slack's `disconnect` message (e.g. `refresh_requested`): the client is expected to reconnect. */
  disconnect(reason = 'refresh_requested'): void {
    for (const socket of this.sockets) {
      socket.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake-slack' } }));
    }
  }

  async close(): Promise<void> {
    clearInterval(this.pinger);
    for (const socket of this.sockets) socket.terminate();
    this.sockets.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
