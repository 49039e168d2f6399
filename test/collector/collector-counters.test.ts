// The collector's counter sections (net-dev-N, softnet-N, netstat-N), run for real on this machine's /proc under each
// shell, and its awk programs for them run on real outputs pasted in public threads.
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { readCollectorScript } from '../../src/collector/collector-script.js';
import { diagnoseText } from '../../src/diagnose.js';
import { itemsOf } from '../../src/parse/items-of.js';
import { netDevParser } from '../../src/parse/network/net-dev.js';
import { softnetStatParser } from '../../src/parse/network/softnet-stat.js';
import { netstatStatsParser } from '../../src/parse/sockets/netstat-stats.js';
import { removeTempDirs, runCollector, section, wellFormed, which } from './collector-helpers.js';

afterAll(removeTempDirs);

const SECTIONS = ['net-dev-1', 'softnet-1', 'netstat-1', 'net-dev-2', 'softnet-2', 'netstat-2'];
const shells = [
  ['busybox sh', which('busybox') ? [which('busybox')!, 'sh'] : undefined],
  ['dash', which('dash') ? [which('dash')!] : undefined],
  ['bash', which('bash') ? [which('bash')!] : undefined],
] as const;

/** The awk program the script keeps in a variable, as the script holds it. */
function awkProgram(name: string): string {
  const script = readCollectorScript();
  const start = script.indexOf(`${name}='`);
  const end = script.indexOf("'", start + name.length + 2);
  return script.slice(start + name.length + 2, end);
}

describe('collector counter sections on this machine', () => {
  for (const [name, shell] of shells) {
    it.skipIf(!shell)(`reads /proc/net/dev, softnet_stat and netstat twice, --interval apart (${name})`, async () => {
      const run = await runCollector({
        shell: [...(shell ?? ['sh'])],
        args: ['--interval', '1', '--only', SECTIONS.join(',')],
      });
      expect(run.exitCode, run.stderr).toBe(0);
      const report = wellFormed(run.stdoutBuffer);
      for (const s of SECTIONS) expect(section(report, s).status, s).toBe('ok');
      expect(section(report, 'net-dev-2').at - section(report, 'net-dev-1').at).toBeGreaterThanOrEqual(1);

      const diagnosis = diagnoseText(run.stdout);
      expect(diagnosis.detected).toEqual(expect.arrayContaining(['net-dev', 'softnet-stat', 'netstat-stats']));
      const softnet = itemsOf(diagnosis.report, softnetStatParser);
      expect(softnet).toHaveLength(2);
      // One line per online CPU.
      expect(softnet[0]!.value.samples[0]!.cpus.length).toBe(cpus().length);
      const dev = itemsOf(diagnosis.report, netDevParser);
      expect(Object.keys(dev[1]!.value.samples[0]!.ifaces)).toContain('lo');
      const netstat = itemsOf(diagnosis.report, netstatStatsParser);
      expect(Object.keys(netstat[0]!.value.samples[0]!.counters)).toEqual(
        expect.arrayContaining(['TcpExtListenOverflows', 'TcpExtListenDrops', 'UdpRcvbufErrors']),
      );
      expect(run.stdoutBuffer.length).toBeLessThan(64 * 1024);
    });
  }
});

describe("the collector's awk programs for counters", () => {
  it('leaves pod-side interfaces out of /proc/net/dev and says how many', () => {
    // Interface names from https://github.com/projectcalico/calico/issues/9718 and the proc(5) example layout.
    const dev = [
      'Inter-|   Receive                                                |  Transmit',
      ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
      '    lo: 2776770   11307    0    0    0     0          0         0  2776770   11307    0    0    0     0       0          0',
      '  eth0: 1215645    2751    0    0    0     0          0         0  1782404    4324    0    0    0   427       0          0',
      'cali8a3a1ec5f2b: 1622270    5552    1    0    0     0          0         0   354130    5669    0    0    0     0       0          0',
      'vethb1c2d3e4: 7714      81    0    0    0     0          0         0     7714      81    0    0    0     0       0          0',
      '  tunl0:    7714      81    0    0    0     0          0         0     7714      81    0    0    0     0       0          0',
    ].join('\n');
    const out = execFileSync('awk', [awkProgram('NC_AWK_NETDEV')], { input: `${dev}\n`, encoding: 'utf8' });
    const names = out
      .split('\n')
      .filter((l) => /^\s*[\w.-]+:\s*\d/.test(l))
      .map((l) => l.trim().split(':')[0]);
    expect(names).toEqual(['lo', 'eth0', 'tunl0']);
    expect(out).toContain('# netcheck: left out 2 pod-side interfaces (veth/cali/lxc/tap)');
    expect(itemsOf(diagnoseText(out).report, netDevParser)[0]?.value.samples[0]?.ifaces.tunl0?.rxPackets).toBe(81);
  });

  it('prints the wanted counters of /proc/net/netstat and /proc/net/snmp in nstat form', () => {
    const netstat = [
      'TcpExt: SyncookiesSent SyncookiesRecv SyncookiesFailed EmbryonicRsts PruneCalled ListenOverflows ListenDrops',
      'TcpExt: 0 0 0 4 2397 5191585 5191585',
      'IpExt: InNoRoutes InTruncatedPkts',
      'IpExt: 0 0',
    ].join('\n');
    const snmp = [
      'Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors',
      'Udp: 10 2 55 10 55 0',
    ].join('\n');
    const out = execFileSync('awk', [awkProgram('NC_AWK_NETSTAT'), '/dev/stdin'], {
      input: `${netstat}\n${snmp}\n`,
      encoding: 'utf8',
    });
    expect(out.trim().split('\n')).toEqual([
      'TcpExtSyncookiesSent 0',
      'TcpExtPruneCalled 2397',
      'TcpExtListenOverflows 5191585',
      'TcpExtListenDrops 5191585',
      'UdpInErrors 55',
      'UdpRcvbufErrors 55',
      'UdpSndbufErrors 0',
    ]);
    expect(diagnoseText(out).findings.map((f) => `${f.id}:${f.severity}`)).toEqual(['sockets.listen-overflow:warning']);
  });
});
