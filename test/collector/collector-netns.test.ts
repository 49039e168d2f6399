// The real collector inside a network namespace made for the test: it must see that it is not in the host network
// namespace, and read that namespace's own conntrack count. Traffic stays on the namespace's loopback.
import { spawnSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  bodyKeyValues,
  DNS_SHIMS,
  removeTempDirs,
  runCollector,
  section,
  shimDir,
  wellFormed,
  which,
} from './collector-helpers.js';

afterAll(removeTempDirs);

const NS = `netcheck-test-${process.pid}`;
const IP = which('ip');
const IPTABLES_NFT = which('iptables-nft') ?? which('iptables');
const isRoot = process.getuid?.() === 0;

function sh(args: string[]): { ok: boolean; out: string } {
  const result = spawnSync(args[0]!, args.slice(1), { encoding: 'utf8', timeout: 20_000 });
  return { ok: result.status === 0, out: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

/** Why the namespace cannot be made here, or '' when it can. */
function unavailable(): string {
  if (!IP) return 'ip (iproute2) not installed';
  if (!isRoot) return 'needs root for ip netns add';
  const probe = sh([IP, 'netns', 'add', NS]);
  if (!probe.ok) return `ip netns add failed: ${probe.out.trim()}`;
  return '';
}

const why = unavailable();

// Sends UDP datagrams inside the namespace: one to a DNATed address, one to a plain one (both on 127.0.0.0/8).
const SEND_UDP = `
const s = require('node:dgram').createSocket('udp4');
s.send('x', 53, '127.0.0.5', () => s.send('y', 99, '127.0.0.9', () => s.close()));
`;

/** Sets the namespace up; returns why its conntrack entries cannot be made, or '' when they were. */
function prepare(): string {
  if (why || !IP) return why;
  sh([IP, '-n', NS, 'link', 'set', 'lo', 'up']);
  if (!IPTABLES_NFT) return 'iptables not installed';
  const rule = [
    ...[IP, 'netns', 'exec', NS, IPTABLES_NFT, '-t', 'nat', '-A', 'OUTPUT', '-d', '127.0.0.5/32', '-p', 'udp'],
    ...['--dport', '53', '-j', 'DNAT', '--to-destination', '127.0.0.1:5353'],
  ];
  const added = sh(rule);
  if (!added.ok) return `no nat rule in the netns: ${added.out.trim()}`;
  const sent = sh([IP, 'netns', 'exec', NS, process.execPath, '-e', SEND_UDP]);
  return sent.ok ? '' : `could not send UDP in the netns: ${sent.out.trim()}`;
}

const noEntries = prepare();

afterAll(() => {
  if (!why && IP) sh([IP, 'netns', 'del', NS]);
});

describe('collector in a network namespace', () => {
  it.skipIf(why !== '')(
    `knows it is not in the host netns and reads the netns's conntrack count${why ? ` (skipped: ${why})` : ''}`,
    async () => {
      const run = await runCollector({
        shell: [IP!, 'netns', 'exec', NS, 'sh'],
        path: `${shimDir(DNS_SHIMS)}:${process.env.PATH ?? ''}`,
        args: ['--interval', '1', '--section-timeout', '10'],
      });
      expect(run.exitCode, run.stderr).toBe(0);
      const report = wellFormed(run.stdoutBuffer);

      const netns = bodyKeyValues(section(report, 'netns').body);
      expect(netns.netns).toBe('pod');
      expect(netns.reason).toMatch(/^(differs-from-pid1|pod-interfaces)$/);
      expect(netns.self_netns).toMatch(/^net:\[\d+\]$/);
      expect(netns.self_netns).not.toBe(readlinkSync('/proc/self/ns/net'));
      expect(netns.interfaces?.split(',')).toContain('lo');
      expect(bodyKeyValues(section(report, 'basics').body).netns).toBe('pod');

      const count = bodyKeyValues(section(report, 'conntrack-count').body);
      expect(count.nf_conntrack_count).toMatch(/^\d+$/);
      expect(count.nf_conntrack_max).toMatch(/^\d+$/);
      expect(section(report, 'conntrack-breakdown').status).toBe('ok');
    },
  );

  it.skipIf(noEntries !== '')(
    `counts the namespace's own conntrack entries${noEntries ? ` (skipped: ${noEntries})` : ''}`,
    async () => {
      const run = await runCollector({
        shell: [IP!, 'netns', 'exec', NS, 'sh'],
        path: `${shimDir(DNS_SHIMS)}:${process.env.PATH ?? ''}`,
        args: ['--interval', '0', '--only', 'conntrack-count,conntrack-breakdown'],
      });
      const report = wellFormed(run.stdoutBuffer);
      const count = bodyKeyValues(section(report, 'conntrack-count').body);
      // The two datagrams sent in prepare() are the namespace's only connections (the host's count is another).
      expect(Number(count.nf_conntrack_count)).toBeGreaterThanOrEqual(2);
      const breakdown = section(report, 'conntrack-breakdown');
      expect(breakdown.status).toBe('ok');
      expect(breakdown.body).toMatch(/^total [2-9]\d*$/m);
      expect(breakdown.body).toContain('udp-unreplied-dnat 127.0.0.5:53>127.0.0.1:5353 1\n');
      expect(breakdown.body).toContain('udp-unreplied-dport 99 1\n');
    },
  );
});
