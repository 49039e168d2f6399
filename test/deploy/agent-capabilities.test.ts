import { spawnSync } from 'node:child_process';
import type { IDaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectorArgs, readCollectorScript } from '../../src/collector/collector-script.js';
import { canBuildLab, createLabHost, destroyLabHosts, type LabHost } from '../support/lab/lab-host.js';
import { findObject } from './find-object.js';

// The agent runs as root with only the capabilities agent-daemonset.yaml adds. This runs the real collector in a lab
// network namespace with exactly that set (setpriv drops every other capability from the bounding set, as the
// container runtime does), and again with each capability removed, to show that each one is needed and enough.

const ds = findObject<IDaemonSet>('DaemonSet', 'netcheck-agent');
const manifestCaps = ds.spec?.template.spec?.containers[0]?.securityContext?.capabilities?.add ?? [];

const SECTIONS = [
  'basics',
  'conntrack-stats-1',
  'conntrack-breakdown',
  'iptables-counts',
  'iptables-nat',
  'kernel-log',
];

function whyNot(): string | undefined {
  const lab = canBuildLab();
  if (lab) return lab;
  if (spawnSync('setpriv', ['--version']).status !== 0) return 'setpriv (util-linux) is not installed';
  for (const tool of ['iptables-legacy', 'iptables-nft', 'conntrack']) {
    if (spawnSync(tool, ['--version']).status !== 0) return `${tool} is not installed`;
  }
  const dmesg = spawnSync('dmesg', []);
  if (dmesg.status !== 0) return 'dmesg does not work here even as root';
  return undefined;
}

interface Section {
  status: string;
  cmd: string;
  body: string;
}

function sections(report: string): Map<string, Section> {
  const out = new Map<string, Section>();
  const parts = report.split(/^(?=#netcheck (?:section|end) )/m);
  for (const part of parts) {
    const m = /^#netcheck section name=(\S+) kind=\S+ status=(\S+) .*? cmd=(.*)\n/.exec(part);
    if (m) out.set(m[1]!, { status: m[2]!, cmd: m[3]!, body: part.slice(m[0].length) });
  }
  return out;
}

const skip = whyNot();
let node: LabHost;

/** Runs the collector in the lab node as root whose capabilities are exactly CAPS. */
function collectWith(caps: readonly string[]): Map<string, Section> {
  const bounding = ['-all', ...caps.map((c) => `+${c.toLowerCase()}`)].join(',');
  const args = collectorArgs({ interval: 0, deadline: 30, only: SECTIONS });
  const r = node.tryRun([
    'setpriv',
    '--inh-caps=-all',
    '--ambient-caps=-all',
    `--bounding-set=${bounding}`,
    '--',
    'sh',
    '-c',
    readCollectorScript(),
    'netcheck-collector',
    ...args,
  ]);
  expect(r.stdout).toMatch(/^#netcheck end /m);
  return sections(r.stdout);
}

describe.skipIf(skip)(`the agent's capabilities run the collector${skip ? `: skipped, ${skip}` : ''}`, () => {
  beforeAll(() => {
    node = createLabHost('caps');
    // A rule in each iptables backend, and conntrack loaded by a rule that uses it.
    node.run(['iptables-nft', '-A', 'INPUT', '-m', 'conntrack', '--ctstate', 'INVALID', '-j', 'DROP']);
    node.run(['iptables-legacy', '-A', 'INPUT', '-p', 'tcp', '--dport', '9', '-j', 'DROP']);
  });
  afterAll(() => destroyLabHosts());

  it('are NET_ADMIN, NET_RAW and SYSLOG', () => {
    expect([...manifestCaps].sort()).toEqual(['NET_ADMIN', 'NET_RAW', 'SYSLOG']);
  });

  it('with exactly those, conntrack, both iptables backends and the kernel log are read', () => {
    const s = collectWith(manifestCaps);
    expect(s.get('basics')?.body).toMatch(/^cap_net_admin=yes$/m);
    expect(s.get('conntrack-stats-1')?.status).toBe('ok');
    expect(s.get('conntrack-breakdown')?.status).toBe('ok');
    expect(s.get('iptables-nat')?.status).toBe('ok');
    const counts = s.get('iptables-counts')?.body ?? '';
    expect(counts).not.toMatch(/_save=failed|_error=/);
    expect(counts).toMatch(/^legacy_rules=1$/m);
    expect(counts).toMatch(/^nft_rules=1$/m);
    expect(s.get('kernel-log')?.cmd).toMatch(/^dmesg/);
    expect(s.get('kernel-log')?.status).toBe('ok');
  });

  it('without NET_ADMIN, conntrack -S and iptables-save fail', () => {
    const s = collectWith(manifestCaps.filter((c) => c !== 'NET_ADMIN'));
    expect(s.get('basics')?.body).toMatch(/^cap_net_admin=no$/m);
    expect(s.get('conntrack-stats-1')?.status).toBe('failed');
    expect(s.get('iptables-nat')?.status).toBe('failed');
  });

  it('without NET_RAW, iptables-legacy-save fails', () => {
    const s = collectWith(manifestCaps.filter((c) => c !== 'NET_RAW'));
    expect(s.get('iptables-counts')?.body).toMatch(/^legacy_save=failed$/m);
    expect(s.get('conntrack-stats-1')?.status).toBe('ok');
  });

  it('without SYSLOG, dmesg is refused (the image has no journalctl to fall back on)', () => {
    const s = collectWith(manifestCaps.filter((c) => c !== 'SYSLOG'));
    expect(s.get('kernel-log')?.cmd).not.toMatch(/^dmesg/);
  });
});
