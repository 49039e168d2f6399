import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { describe, expect, it } from 'vitest';
import { AGENT_COLLECTOR_PATH } from '../../src/adapters/k8s/collector-launch.js';
import { argsOf, dockerfileInstructions } from './dockerfile-instructions.js';
import { findObject } from './find-object.js';
import { repoRoot } from './load-manifests.js';

// No Docker daemon here: the Dockerfile is checked statically, and its package list against this machine's apt when
// it runs the same Debian release as the base image.

const collector = readFileSync(join(repoRoot, 'src/collector/collector.sh'), 'utf8');
const instructions = dockerfileInstructions('deploy/agent/Dockerfile');
const args = (keyword: string) => argsOf(instructions, keyword);

const from = args('FROM');
const runs = args('RUN');
const installed = (
  /apt-get install -y --no-install-recommends ((?:[a-z0-9.+-]+ ?)+)/.exec(runs.join(' && '))?.[1] ?? ''
)
  .trim()
  .split(/\s+/);
const checkedTools = (/for tool in (.+?); do/.exec(runs.join('\n'))?.[1] ?? '').split(/\s+/);

/** The tools the collector's basics section reports as found or missing. */
const collectorTools = (/for nc_tool in ([^;]+); do/.exec(collector)?.[1] ?? '')
  .replace(/\\\n/g, ' ')
  .trim()
  .split(/\s+/);

describe('deploy/agent/Dockerfile', () => {
  it('builds from one base image pinned to a Debian point release (never latest or a floating tag)', () => {
    expect(from).toHaveLength(1);
    expect(from[0]).toMatch(/^debian:\d+\.\d+-slim(@sha256:[0-9a-f]{64})?$/);
  });

  it('installs the collector tools: conntrack, both iptables backends, nft, ipvsadm, iproute2, DNS tools, curl, procps, timeout', () => {
    for (const pkg of ['conntrack', 'iptables', 'nftables', 'ipvsadm', 'iproute2', 'curl', 'procps', 'coreutils']) {
      expect(installed, pkg).toContain(pkg);
    }
    expect(installed.some((p) => /dnsutils|bind-tools/.test(p))).toBe(true);
    expect(runs.join(' ')).toContain('rm -rf /var/lib/apt/lists/*');
  });

  it('fails the build when a tool the collector uses is missing; only journalctl and wget have stand-ins', () => {
    expect(collectorTools.length).toBeGreaterThan(15);
    const notChecked = collectorTools.filter((tool) => !checkedTools.includes(tool));
    expect(notChecked.sort()).toEqual(['journalctl', 'wget']);
    expect(checkedTools).toEqual(
      expect.arrayContaining(['dmesg', 'curl', 'iptables-legacy-save', 'iptables-nft-save']),
    );
  });

  it('bakes the collector in at the path the agent executor checks, from a path that exists', () => {
    const copies = args('COPY');
    expect(AGENT_COLLECTOR_PATH).toBe('/usr/local/share/netcheck/collector.sh');
    expect(copies).toEqual([`--chmod=0644 src/collector/collector.sh ${AGENT_COLLECTOR_PATH}`]);
    // The agent's launcher hashes the copy with sha256sum and the stdin fallback reads with head.
    expect(checkedTools).toEqual(expect.arrayContaining(['sha256sum', 'head']));
    expect(existsSync(join(repoRoot, 'src/collector/collector.sh'))).toBe(true);
    const ignore = readFileSync(join(repoRoot, 'deploy/agent/Dockerfile.dockerignore'), 'utf8');
    expect(ignore).toMatch(/^\*$/m);
    expect(ignore).toMatch(/^!src\/collector\/collector\.sh$/m);
  });

  it('is not root by default (the DaemonSet asks for UID 0), idle with the same command as the DaemonSet', () => {
    expect(args('USER')).toEqual(['65532:65532']);
    expect(args('CMD')).toEqual(['["sleep", "infinity"]']);
    const ds = findObject<IDaemonSet>('DaemonSet', 'netcheck-agent');
    expect(JSON.stringify(ds.spec?.template.spec?.containers[0]?.command)).toBe(
      JSON.stringify(JSON.parse(args('CMD')[0]!)),
    );
    expect(args('ENTRYPOINT')).toEqual([]);
  });
});

/** Why apt cannot resolve the base image's packages here, or undefined when it can. */
function noMatchingApt(): string | undefined {
  const release = /^debian:(\d+)\./.exec(from[0] ?? '')?.[1];
  if (!existsSync('/etc/debian_version') || !existsSync('/usr/bin/apt-get')) return 'this machine is not Debian';
  const local = readFileSync('/etc/debian_version', 'utf8').trim().split('.')[0];
  if (local !== release) return `this machine runs Debian ${local}, the image Debian ${release}`;
  const policy = spawnSync('apt-cache', ['policy', 'conntrack'], { encoding: 'utf8' });
  if (!/Candidate: (?!\(none\))/.test(policy.stdout)) return 'the apt package lists are empty (no apt-get update)';
  return undefined;
}

const noApt = noMatchingApt();

describe.skipIf(noApt)(`Dockerfile packages against apt${noApt ? `: skipped, ${noApt}` : ''}`, () => {
  it('resolves every package it installs (apt-get --simulate, nothing downloaded)', () => {
    const r = spawnSync('apt-get', ['--simulate', '--no-install-recommends', 'install', ...installed], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).not.toMatch(/E: /);
    expect(r.status).toBe(0);
  });
});
