// The collector script run for real on this machine: under each shell, without tools, with a hanging tool, past its
// deadline, with bad arguments. DNS lookups go to local shims, so nothing leaves the machine.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { delimiter } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCollectorLocally } from '../../src/adapters/local/run-collector-locally.js';
import { collectorArgs, collectorScriptPath, readCollectorScript } from '../../src/collector/collector-script.js';
import {
  bodyKeyValues,
  DNS_SHIMS,
  removeTempDirs,
  runCollector,
  section,
  shimDir,
  tempDir,
  wellFormed,
  which,
} from './collector-helpers.js';

afterAll(removeTempDirs);

const BUSYBOX = which('busybox');
const DASH = which('dash');
const BASH = which('bash');
const HEX_STATS = existsSync('/proc/net/stat/nf_conntrack');

const dnsShims = shimDir(DNS_SHIMS);
const withShims = (dir: string) => `${dir}${delimiter}${process.env.PATH ?? ''}`;

const ALWAYS = [
  'basics',
  'netns',
  'conntrack-count',
  'conntrack-sysctl',
  'conntrack-stats-1',
  'conntrack-breakdown',
  'sockets',
  'sockstat',
  'iptables-counts',
  'iptables-nat',
  'ipvs',
  'nft-kube-proxy',
  'kube-proxy-mode',
  'links',
  'routes',
  'resolv-conf',
  'kernel-log',
  'conntrack-stats-2',
  'dns-cluster',
  'dns-external',
];

const shells: { name: string; shell: string[] | undefined; why: string }[] = [
  { name: 'busybox sh', shell: BUSYBOX ? [BUSYBOX, 'sh'] : undefined, why: 'busybox not installed' },
  { name: 'dash', shell: DASH ? [DASH] : undefined, why: 'dash not installed' },
  { name: 'bash', shell: BASH ? [BASH] : undefined, why: 'bash not installed' },
];

describe('collector script file', () => {
  it('is a POSIX sh script small enough for one argv element', () => {
    const script = readCollectorScript();
    expect(script.startsWith('#!/bin/sh\n')).toBe(true);
    expect(collectorScriptPath().endsWith('collector.sh')).toBe(true);
    // Linux caps one argument at 128 KiB (MAX_ARG_STRLEN) and the script travels as `sh -c SCRIPT`.
    expect(Buffer.byteLength(script)).toBeLessThan(100 * 1024);
    expect(script).not.toMatch(/^\s*set -e/m);
  });
});

describe('collectorArgs', () => {
  it('returns the argv for the options that are set', () => {
    expect(collectorArgs({})).toEqual([]);
    expect(
      collectorArgs({
        interval: 5,
        deadline: 60,
        sectionTimeout: 10,
        clusterName: 'kubernetes.default.svc.cluster.local',
        externalName: 'example.com.',
        only: ['basics', 'conntrack-stats-1'],
      }),
    ).toEqual([
      '--interval',
      '5',
      '--deadline',
      '60',
      '--section-timeout',
      '10',
      '--cluster-name',
      'kubernetes.default.svc.cluster.local',
      '--external-name',
      'example.com.',
      '--only',
      'basics,conntrack-stats-1',
    ]);
  });

  it.each([
    [{ interval: 1.5 }],
    [{ interval: -1 }],
    [{ interval: 301 }],
    [{ deadline: 0 }],
    [{ deadline: Number.NaN }],
    [{ sectionTimeout: 601 }],
    [{ interval: 60, deadline: 60 }],
    [{ clusterName: 'a;reboot' }],
    [{ clusterName: '' }],
    [{ externalName: '-bad.example.com' }],
    [{ externalName: `${'a'.repeat(64)}.com` }],
    [{ only: ['basics; rm -rf /'] }],
    [{ skip: [] }],
  ])('rejects %j', (options) => {
    expect(() => collectorArgs(options)).toThrow(RangeError);
  });
});

describe('collector report under each shell', () => {
  for (const { name, shell, why } of shells) {
    it.skipIf(!shell)(`${name} yields a well-formed report${shell ? '' : ` (skipped: ${why})`}`, async () => {
      const tmp = tempDir('tmp');
      const run = await runCollector({
        shell,
        path: withShims(dnsShims),
        args: collectorArgs({ interval: 1, deadline: 60, externalName: 'example.com' }),
        env: { TMPDIR: tmp },
      });
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.stderr).toBe('');
      const report = wellFormed(run.stdoutBuffer);
      expect(report.first.version).toBe('1');
      expect(report.first.interval).toBe('1');
      const names = report.sections.map((s) => s.name);
      for (const wanted of ALWAYS) expect(names).toContain(wanted);

      const basics = bodyKeyValues(section(report, 'basics').body);
      for (const key of ['hostname', 'kernel', 'uptime_s', 'cpus', 'date', 'timeout_tool', 'user', 'netns']) {
        expect(basics[key], key).toBeDefined();
      }
      expect(basics.timeout_tool).toMatch(/^(coreutils|busybox|busybox-old|timeout)$/);
      const netns = bodyKeyValues(section(report, 'netns').body);
      expect(netns.netns).toMatch(/^(host|pod|unknown)$/);
      expect(netns.reason).toBeTruthy();
      expect(netns.pid1_visible).toMatch(/^(yes|no)$/);

      const count = bodyKeyValues(section(report, 'conntrack-count').body);
      if (existsSync('/proc/sys/net/netfilter/nf_conntrack_max')) {
        expect(count.nf_conntrack_max).toBe(readFileSync('/proc/sys/net/netfilter/nf_conntrack_max', 'utf8').trim());
        expect(count.nf_conntrack_count).toMatch(/^\d+$/);
      }
      const sysctl = section(report, 'conntrack-sysctl').body;
      expect(sysctl).toMatch(/^net\.ipv4\.ip_local_port_range = \d+\s+\d+$/m);
      if (existsSync('/proc/sys/net/netfilter/nf_conntrack_tcp_timeout_established')) {
        const established = readFileSync('/proc/sys/net/netfilter/nf_conntrack_tcp_timeout_established', 'utf8');
        expect(sysctl).toContain(`net.netfilter.nf_conntrack_tcp_timeout_established = ${established.trim()}\n`);
      }
      expect(section(report, 'conntrack-breakdown').body).toMatch(/^total \d+$/m);

      // The two counter samples are at least --interval apart.
      const s1 = section(report, 'conntrack-stats-1');
      const s2 = section(report, 'conntrack-stats-2');
      if (s1.status === 'ok') expect(s2.monoMs - s1.monoMs).toBeGreaterThanOrEqual(990);

      const dns = section(report, 'dns-external');
      expect(dns.kind).toBe('dns-timing');
      expect(dns.body).toMatch(/^elapsed_ms=\d+ rc=0 name=example\.com tool=getent$/m);
      expect(readdirSync(tmp)).toEqual([]);
    });
  }
});

describe('collector without tools', () => {
  const core = ['cat', 'head', 'tail', 'wc', 'mktemp', 'rm', 'sleep'];
  const missingTools = [
    'conntrack-stats-1',
    'conntrack-stats-2',
    'conntrack-breakdown',
    'sockets',
    'iptables-counts',
    'iptables-nat',
    'ipvs',
    'nft-kube-proxy',
    'kube-proxy-mode',
    'links',
    'routes',
    'kernel-log',
    'dns-cluster',
    'dns-external',
  ];
  for (const { name, shell, why } of shells) {
    it.skipIf(!shell)(
      `${name}: every tool-based section says missing and the report still ends${shell ? '' : ` (skipped: ${why})`}`,
      async () => {
        const links: Record<string, string> = {};
        for (const tool of core) {
          const path = which(tool);
          if (path) links[tool] = `->${path}`;
        }
        const bin = shimDir(links);
        const tmp = tempDir('tmp');
        const run = await runCollector({ shell, path: bin, args: ['--interval', '1'], env: { TMPDIR: tmp } });
        expect(run.exitCode, run.stderr).toBe(0);
        const report = wellFormed(run.stdoutBuffer);
        for (const name of missingTools) {
          const s = section(report, name);
          expect(s.status, `${name}: ${s.body}`).toBe('missing');
          expect(s.rc).toBe(127);
          expect(s.body).toMatch(/^missing tool: /);
        }
        expect(section(report, 'conntrack-stats-1').body).toContain('conntrack');
        expect(section(report, 'kube-proxy-mode').body).toContain('none of curl, wget');
        for (const name of ['basics', 'netns', 'conntrack-sysctl', 'sockstat', 'resolv-conf']) {
          expect(section(report, name).status, name).toBe('ok');
        }
        if (HEX_STATS) {
          // Without conntrack, the counters come from /proc/net/stat/nf_conntrack.
          expect(section(report, 'conntrack-stat-1').status).toBe('ok');
          expect(section(report, 'conntrack-stat-1').body).toMatch(/^entries\s/);
          expect(section(report, 'conntrack-stat-2').status).toBe('ok');
        }
        const basics = bodyKeyValues(section(report, 'basics').body);
        expect(basics.timeout_tool).toBe('none');
        expect(basics.tools_missing).toContain('conntrack');
        expect(readdirSync(tmp)).toEqual([]);
      },
    );
  }

  it('with nothing on PATH at all, skips every section and still ends with a correct sentinel', async () => {
    const empty = tempDir('empty');
    const run = await runCollector({ shell: [DASH ?? BASH ?? 'sh'], path: empty, args: ['--interval', '0'] });
    expect(run.exitCode).toBe(0);
    const report = wellFormed(run.stdoutBuffer);
    expect(report.sections.length).toBeGreaterThan(10);
    for (const s of report.sections) {
      expect(s.status).toBe('skipped');
      expect(s.body).toContain('no writable temp dir');
    }
  });
});

const SLEEPING_CONNTRACK = '#!/bin/sh\nexec sleep 29.5\n';

describe('collector timeouts', () => {
  it('gives a hanging command status=timeout rc=124 and falls back to /proc counters', async () => {
    const bin = shimDir({ conntrack: SLEEPING_CONNTRACK });
    const tmp = tempDir('tmp');
    const run = await runCollector({
      path: withShims(bin),
      args: ['--section-timeout', '1', '--interval', '1', '--only', 'conntrack-stats-1,conntrack-stats-2,sockstat'],
      env: { TMPDIR: tmp },
    });
    expect(run.exitCode).toBe(0);
    const report = wellFormed(run.stdoutBuffer);
    const s1 = section(report, 'conntrack-stats-1');
    expect(s1.status).toBe('timeout');
    expect(s1.rc).toBe(124);
    expect(s1.ms).toBeGreaterThanOrEqual(900);
    expect(s1.ms).toBeLessThan(8000);
    expect(section(report, 'conntrack-stats-2').status).toBe('skipped');
    if (HEX_STATS) expect(section(report, 'conntrack-stat-1').status).toBe('ok');
    expect(section(report, 'sockstat').status).toBe('ok');
    expect(run.elapsedMs).toBeLessThan(15_000);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it.skipIf(!BUSYBOX)(
    `works with busybox timeout too${BUSYBOX ? '' : ' (skipped: busybox not installed)'}`,
    async () => {
      const bin = shimDir({ conntrack: SLEEPING_CONNTRACK, timeout: `->${BUSYBOX}` });
      const run = await runCollector({
        path: withShims(bin),
        args: ['--section-timeout', '1', '--interval', '0', '--only', 'basics,conntrack-stats-1'],
      });
      const report = wellFormed(run.stdoutBuffer);
      expect(bodyKeyValues(section(report, 'basics').body).timeout_tool).toBe('busybox');
      const s1 = section(report, 'conntrack-stats-1');
      expect(s1.status).toBe('timeout');
      expect(s1.rc).toBe(124);
      expect(run.elapsedMs).toBeLessThan(15_000);
    },
  );

  it('skips the remaining sections once the deadline has passed', async () => {
    const bin = shimDir({ conntrack: SLEEPING_CONNTRACK, ...DNS_SHIMS });
    const run = await runCollector({
      path: withShims(bin),
      args: [
        '--deadline',
        '3',
        '--section-timeout',
        '10',
        '--interval',
        '0',
        '--skip',
        'basics,netns,conntrack-count,conntrack-sysctl',
      ],
    });
    expect(run.exitCode).toBe(0);
    const report = wellFormed(run.stdoutBuffer);
    const names = report.sections.map((s) => s.name);
    const s1 = names.indexOf('conntrack-stats-1');
    expect(section(report, 'conntrack-stats-1').status).toBe('timeout');
    const later = report.sections.slice(s1 + 1).filter((s) => !s.name.startsWith('conntrack-stat-'));
    expect(later.length).toBeGreaterThan(5);
    for (const s of later) {
      expect(s.status, s.name).toBe('skipped');
      expect(s.body).toContain('deadline of 3s');
    }
    expect(run.elapsedMs).toBeLessThan(10_000);
  });

  it('stops on the client deadline, kills what it started and removes its temp dir', async () => {
    const marker = `29.${process.pid % 1000}7`;
    const bin = shimDir({ conntrack: `#!/bin/sh\nexec sleep ${marker}\n` });
    const tmp = tempDir('tmp');
    const run = await runCollectorLocally({
      shell: ['sh'],
      args: ['--section-timeout', '60', '--only', 'conntrack-stats-1'],
      timeoutMs: 1500,
      env: { ...process.env, PATH: withShims(bin), TMPDIR: tmp },
    });
    expect(run.timedOut).toBe(true);
    expect(run.stdout).toMatch(/^#netcheck report /);
    expect(run.stdout).not.toContain('#netcheck end');
    expect(readdirSync(tmp)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const leftovers = readdirSync('/proc')
      .filter((pid) => /^\d+$/.test(pid))
      .filter((pid) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
        } catch {
          return false;
        }
      });
    expect(leftovers).toEqual([]);
  });
});

describe('collector arguments', () => {
  it.each([
    [['--interval', 'abc']],
    [['--interval', '99999']],
    [['--interval', '-1']],
    [['--deadline', '0']],
    [['--section-timeout']],
    [['--bogus']],
    [['--only', 'nosuch']],
    [['--only', 'basics;id']],
    [['--cluster-name', 'a b']],
    [['--external-name', '$(id)']],
    [['extra']],
  ])('exits 2 on %j', async (args) => {
    const run = await runCollector({ args });
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^netcheck-collector: /);
  });

  it('accepts --key=value and --help', async () => {
    const help = await runCollector({ args: ['--help'] });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('--section-timeout');
    const run = await runCollector({ args: ['--interval=0', '--only=sockstat,resolv-conf'] });
    expect(run.exitCode).toBe(0);
    const report = wellFormed(run.stdoutBuffer);
    expect(report.sections.map((s) => s.name)).toEqual(['sockstat', 'resolv-conf']);
  });
});
