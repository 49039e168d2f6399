// Generates realistic `conntrack -L` output of a busy Kubernetes node (iptables-mode kube-proxy, overlay network).

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { createRandom, intBetween, weighted } from './prng.mjs';

const TCP_STATES = [
  [44, 'ESTABLISHED'],
  [34, 'TIME_WAIT'],
  [5, 'SYN_SENT'],
  [4, 'CLOSE_WAIT'],
  [4, 'CLOSE'],
  [3, 'FIN_WAIT'],
  [2, 'SYN_RECV'],
  [2, 'LAST_ACK'],
];
const TCP_TIMEOUT = {
  ESTABLISHED: [3000, 432000],
  TIME_WAIT: [1, 120],
  SYN_SENT: [1, 120],
  CLOSE_WAIT: [1, 60],
  CLOSE: [1, 10],
  FIN_WAIT: [1, 120],
  SYN_RECV: [1, 60],
  LAST_ACK: [1, 30],
};
/** ClusterIP services: [clusterIP, port, targetPort]; the first is cluster DNS. */
const SERVICES = [['10.96.0.10', 53, 53]];
{
  const random = createRandom(7);
  for (let i = 0; i < 400; i++) {
    const port = weighted(random, [
      [5, 80],
      [4, 443],
      [2, 8080],
      [1, 5432],
      [1, 6379],
      [1, 9090],
    ]);
    SERVICES.push([
      `10.96.${intBetween(random, 0, 255)}.${intBetween(random, 1, 254)}`,
      port,
      port === 443 ? 8443 : port,
    ]);
  }
}

const pod = (r) => `10.244.${intBetween(r, 0, 63)}.${intBetween(r, 2, 254)}`;
const node = (r) => `10.0.${intBetween(r, 0, 3)}.${intBetween(r, 10, 200)}`;
const external = (r) =>
  `${intBetween(r, 11, 223)}.${intBetween(r, 0, 255)}.${intBetween(r, 0, 255)}.${intBetween(r, 1, 254)}`;
const ephemeral = (r) => intBetween(r, 32768, 60999);

function tail(r) {
  const mark =
    r() < 0.9
      ? 'mark=0'
      : `mark=${weighted(r, [
          [3, 16384],
          [1, 2],
          [1, 1024],
        ])}`;
  const zone = r() < 0.03 ? ` zone=${intBetween(r, 1, 4)}` : '';
  return `${mark}${zone} use=1`;
}

function tcpLine(r) {
  const state = weighted(r, TCP_STATES);
  const [lo, hi] = TCP_TIMEOUT[state];
  const timeout = intBetween(r, lo, hi);
  const sport = ephemeral(r);
  const unreplied = state === 'SYN_SENT';
  const flag = unreplied ? ' [UNREPLIED]' : state === 'SYN_RECV' ? '' : ' [ASSURED]';
  const head = `tcp      6 ${timeout} ${state} `;
  const kind = r();
  if (kind < 0.6) {
    // pod -> ClusterIP, DNATed to a backend pod
    const [ip, port, target] = SERVICES[intBetween(r, 1, SERVICES.length - 1)];
    const src = pod(r);
    const backend = pod(r);
    const orig = `src=${src} dst=${ip} sport=${sport} dport=${port}`;
    const reply = `src=${backend} dst=${src} sport=${target} dport=${sport}`;
    return unreplied ? `${head}${orig} [UNREPLIED] ${reply} ${tail(r)}` : `${head}${orig} ${reply}${flag} ${tail(r)}`;
  }
  if (kind < 0.85) {
    // pod -> outside, SNATed (MASQUERADE) to the node address
    const src = pod(r);
    const dst = external(r);
    const port = weighted(r, [
      [6, 443],
      [2, 80],
      [1, 22],
    ]);
    const snat = node(r);
    const orig = `src=${src} dst=${dst} sport=${sport} dport=${port}`;
    const reply = `src=${dst} dst=${snat} sport=${port} dport=${r() < 0.8 ? sport : ephemeral(r)}`;
    return unreplied ? `${head}${orig} [UNREPLIED] ${reply} ${tail(r)}` : `${head}${orig} ${reply}${flag} ${tail(r)}`;
  }
  // node <-> node (kubelet, API server)
  const a = node(r);
  const b = node(r);
  const port = weighted(r, [
    [3, 10250],
    [3, 6443],
    [1, 2379],
  ]);
  const orig = `src=${a} dst=${b} sport=${sport} dport=${port}`;
  const reply = `src=${b} dst=${a} sport=${port} dport=${sport}`;
  return unreplied ? `${head}${orig} [UNREPLIED] ${reply} ${tail(r)}` : `${head}${orig} ${reply}${flag} ${tail(r)}`;
}

function udpLine(r) {
  const timeout = intBetween(r, 1, 180);
  const sport = ephemeral(r);
  const kind = r();
  if (kind < 0.7) {
    // DNS to the cluster DNS Service, DNATed to a CoreDNS pod; some never answered
    const src = pod(r);
    const backend = `10.244.${intBetween(r, 0, 1)}.${intBetween(r, 2, 3)}`;
    const orig = `udp      17 ${timeout} src=${src} dst=10.96.0.10 sport=${sport} dport=53`;
    const reply = `src=${backend} dst=${src} sport=53 dport=${sport}`;
    if (r() < 0.25) return `${orig} [UNREPLIED] ${reply} ${tail(r)}`;
    return `${orig} ${reply}${timeout > 120 ? ' [ASSURED]' : ''} ${tail(r)}`;
  }
  if (kind < 0.85) {
    // VXLAN between nodes (flannel 8472), untracked-worthy
    const a = node(r);
    const b = node(r);
    return `udp      17 ${timeout} src=${a} dst=${b} sport=${sport} dport=8472 [UNREPLIED] src=${b} dst=${a} sport=8472 dport=${sport} ${tail(r)}`;
  }
  const src = pod(r);
  const dst = external(r);
  const snat = node(r);
  return `udp      17 ${timeout} src=${src} dst=${dst} sport=${sport} dport=123 src=${dst} dst=${snat} sport=123 dport=${sport} ${tail(r)}`;
}

function icmpLine(r) {
  const a = pod(r);
  const b = node(r);
  const id = intBetween(r, 1, 65535);
  return `icmp     1 ${intBetween(r, 1, 30)} src=${a} dst=${b} type=8 code=0 id=${id} src=${b} dst=${a} type=0 code=0 id=${id} ${tail(r)}`;
}

/** One `conntrack -L` line. */
export function conntrackLine(random) {
  const p = random();
  if (p < 0.7) return tcpLine(random);
  if (p < 0.95) return udpLine(random);
  return icmpLine(random);
}

/** Writes `lines` entries and the `conntrack -L` summary line (printed on stderr, captured with 2>&1). */
export async function writeConntrackFile(path, lines, seed) {
  const random = createRandom(seed);
  const out = createWriteStream(path);
  let batch = [];
  for (let i = 0; i < lines; i++) {
    batch.push(conntrackLine(random));
    if (batch.length === 4096) {
      if (!out.write(`${batch.join('\n')}\n`)) await once(out, 'drain');
      batch = [];
    }
  }
  batch.push(`conntrack v1.4.6 (conntrack-tools): ${lines} flow entries have been shown.`);
  out.end(`${batch.join('\n')}\n`);
  await once(out, 'finish');
}

/**
 * Blocks of whole lines (about `blockBytes` each) for streaming gigabytes without storing them: the caller writes
 * them in a seeded order. Returns the blocks and the number of lines in each.
 */
export function conntrackBlocks(seed, count, blockBytes) {
  const random = createRandom(seed);
  const blocks = [];
  for (let b = 0; b < count; b++) {
    const lines = [];
    let size = 0;
    while (size < blockBytes) {
      const line = conntrackLine(random);
      lines.push(line);
      size += line.length + 1;
    }
    blocks.push({ buffer: Buffer.from(`${lines.join('\n')}\n`), lines: lines.length });
  }
  return blocks;
}
