// An open-loop HTTP/1.1 load generator on raw keep-alive sockets: requests are pre-encoded bytes, sent at fixed
// times whatever the answers, one at a time per connection (no pipelining, as Alertmanager's Go client sends), on as
// many connections as needed up to `maxSockets`. A request waiting for a free connection is late, and the wait
// counts: latency runs from its scheduled time to the end of its answer. Cheap enough (a few µs per request) that
// on a small machine the generator does not take the CPU the measured server needs.
//
//   const client = createLoadClient({ host, port });
//   await client.run({ rate: 2000, total: 4000, request });       // warm-up: opens the connections
//   const { latencies, statuses } = await client.run({ rate: 2000, total: 20000, request, onAnswer });
//   client.close();
import { connect } from 'node:net';

const CRLF2 = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length:\s*(\d+)/i;
const CLOSE = /\r\nconnection:\s*close/i;
/** Connections idle longer than this are closed by the client (Node's server closes them at 5 s). */
const IDLE_MS = 4000;

/** A pool of keep-alive connections to `host:port` that runs open-loop loads one after another. */
export function createLoadClient({ host, port, maxSockets = 256 }) {
  const idle = [];
  const sockets = new Set();
  const waiting = [];
  /** The run in progress: its answer and error handlers. */
  let current;

  function dispatch(socket, i) {
    socket.index = i;
    socket.write(current.request(i));
  }

  function release(socket) {
    const next = waiting.shift();
    if (next !== undefined) return dispatch(socket, next);
    socket.idleSince = performance.now();
    idle.push(socket);
  }

  function open(first) {
    const socket = connect({ host, port, noDelay: true });
    sockets.add(socket);
    let buffered = Buffer.alloc(0);
    socket.index = -1;
    socket.on('connect', () => dispatch(socket, first));
    socket.on('data', (chunk) => {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      for (;;) {
        const end = buffered.indexOf(CRLF2);
        if (end < 0) return;
        const head = buffered.toString('latin1', 0, end);
        const length = Number(CONTENT_LENGTH.exec(head)?.[1] ?? 0);
        if (buffered.length < end + 4 + length) return;
        const body = buffered.subarray(end + 4, end + 4 + length);
        buffered = buffered.subarray(end + 4 + length);
        const i = socket.index;
        socket.index = -1;
        current.answered(i, Number(head.slice(9, 12)), body);
        if (CLOSE.test(head)) {
          socket.destroy();
          return;
        }
        release(socket);
      }
    });
    socket.on('error', (error) => {
      if (socket.index >= 0) current.failed(socket.index, error.code ?? 'error');
      socket.index = -1;
    });
    socket.on('close', () => {
      sockets.delete(socket);
      const at = idle.indexOf(socket);
      if (at >= 0) idle.splice(at, 1);
      if (socket.index >= 0) current.failed(socket.index, 'closed');
      const next = waiting.shift();
      if (next !== undefined) open(next);
    });
  }

  function send(i) {
    const socket = idle.pop();
    if (socket) dispatch(socket, i);
    else if (sockets.size < maxSockets) open(i);
    else waiting.push(i);
  }

  return {
    /**
     * Sends `total` requests at `rate` per second; `request(i)` returns request i's bytes (request line, headers
     * with content-length, body); `onAnswer(i, status, body)` sees each answer. Resolves with per-request latencies
     * (ms), answers by status (or error code) and the run's duration.
     */
    run({ rate, total, request, onAnswer = () => {} }) {
      const interval = 1000 / rate;
      const latencies = new Float64Array(total);
      const statuses = {};
      const started = performance.now();
      let done = 0;
      let sent = 0;
      return new Promise((resolve) => {
        const finish = (i, status) => {
          latencies[i] = performance.now() - (started + i * interval);
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (++done === total) resolve({ latencies, statuses, ms: performance.now() - started });
        };
        current = {
          request,
          answered: (i, status, body) => {
            onAnswer(i, status, body);
            finish(i, status);
          },
          failed: finish,
        };
        const tick = () => {
          // A request written as the server closes an idle connection would fail: close ours first (the least
          // recently used are at the bottom of the stack).
          while (idle.length > 0 && performance.now() - idle[0].idleSince > IDLE_MS) idle.shift().destroy();
          const due = Math.min(total, Math.floor((performance.now() - started) / interval) + 1);
          while (sent < due) send(sent++);
          if (sent < total) setTimeout(tick, 1);
        };
        tick();
      });
    },
    close() {
      for (const socket of sockets) socket.destroy();
    },
  };
}
