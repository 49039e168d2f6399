import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import { itemsOf } from '../../../../src/parse/items-of.js';
import { type KernelLog, kernelLogParser } from '../../../../src/parse/logs/kernel-log.js';
import { readKernelLine } from '../../../../src/parse/logs/kernel-log-line.js';

function logs(text: string): KernelLog[] {
  return itemsOf(diagnoseText(text).report, kernelLogParser).map((i) => i.value);
}

function only(text: string): KernelLog {
  const all = logs(text);
  expect(all).toHaveLength(1);
  return all[0]!;
}

function lines(text: string): string {
  return text.replace(/^\n/, '');
}

describe('kernel-log parser', () => {
  // https://github.com/kubernetes/kubernetes/issues/18604 (2015-12-11), plain `dmesg` inside a fence, prose around.
  it('counts plain dmesg table-full lines with first/last uptime', () => {
    const log = only(
      lines(`
At least one user has had issues with this, and I expect more.  It manifests as dropped packets/connections and dmesg show:

\`\`\`
[1454500.910215] nf_conntrack: table full, dropping packet
[1454500.911030] nf_conntrack: table full, dropping packet
[1454502.184942] nf_conntrack: table full, dropping packet
\`\`\`

Maybe something like:
`),
    );
    const s = log.classes['conntrack-table-full']!;
    expect(s.count).toBe(3);
    expect(s.first).toBe('[1454500.910215]');
    expect(s.last).toBe('[1454502.184942]');
    expect(s.lastSeconds! - s.firstSeconds!).toBeCloseTo(1.274727, 5);
  });

  // https://github.com/ringtail/snout/issues/8 (2018-04-25), `dmesg -T` with net_ratelimit before and after.
  it('adds net_ratelimit suppressed counts to the message class around them (dmesg -T)', () => {
    const log = only(
      lines(`
\`\`\`
[Mon Apr 23 10:58:07 2018] net_ratelimit: 5988 callbacks suppressed
[Mon Apr 23 10:58:07 2018] nf_conntrack: table full, dropping packet
[Mon Apr 23 10:58:07 2018] nf_conntrack: table full, dropping packet
[Mon Apr 23 10:58:12 2018] net_ratelimit: 6464 callbacks suppressed
\`\`\`
`),
    );
    const s = log.classes['conntrack-table-full']!;
    expect(s.count).toBe(2);
    expect(s.suppressed).toBe(5988 + 6464);
    expect(s.clock).toBe('wall');
    expect(s.first).toBe('[Mon Apr 23 10:58:07 2018]');
    expect(log.suppressedElsewhere).toBe(0);
  });

  // https://github.com/wballard/starphleet/pull/352 (2018-02-23): syslog lines wrapped after "table full,", and a
  // first line cut in the middle of the host name.
  it('joins wrapped syslog lines and reads a cut first line', () => {
    const log = only(
      lines(`
\`\`\`
obs kernel: [38775494.392631] nf_conntrack: table full, dropping packet
Feb 23 16:44:36 jobs kernel: [38775494.393661] nf_conntrack: table full,
dropping packet
Feb 23 16:44:36 jobs kernel: [38775494.494836] nf_conntrack: table full,
dropping packet
\`\`\`
`),
    );
    expect(log.classes['conntrack-table-full']!.count).toBe(3);
    expect(log.classes['conntrack-table-full']!.examples[1]).toContain('table full, dropping packet');
  });

  // https://github.com/badaix/snapcast/issues/753 (fixture a-dmesg-cpu-suffix-...): vendor kernels print `@cpu`.
  it('reads dmesg timestamps with a CPU suffix', () => {
    const log = only(
      '[ 6218.194622@2] nf_conntrack: nf_conntrack: table full, dropping packet\n[ 6219.212092@0] nf_conntrack: nf_conntrack: table full, dropping packet\n[ 6',
    );
    expect(log.classes['conntrack-table-full']!.count).toBe(2);
    expect(log.classes['conntrack-table-full']!.last).toBe('[6219.212092]');
  });

  // https://github.com/canonical/hotsos/issues/101 (2021-06-09): one line quoted after "e.g.".
  it('finds a kernel line quoted inside prose', () => {
    const log = only('e.g. kernel: [1694413.644132] nf_conntrack: nf_conntrack: table full, dropping packet');
    expect(log.classes['conntrack-table-full']!.count).toBe(1);
  });

  // https://github.com/kubernetes/kubernetes/issues/71261 (2018-11-20): prose names the message without a time.
  it('does not count a message merely named in prose', () => {
    expect(logs('- dmesg -T show lots of `nf_conntrack: table full, dropping packet`')).toEqual([]);
    expect(logs('My kernel: 5.4 with nothing else to say')).toEqual([]);
  });

  // https://github.com/Requiem4Eternity/Appstream/issues/102 (2019-06-11): journald/syslog with other programs between.
  it('reads syslog neighbour-table overflows and ignores other programs', () => {
    const log = only(
      lines(`
Jun 11 11:04:35 k8snode228 kernel: neighbour: arp_cache: neighbor table overflow!
Jun 11 11:04:35 k8snode228 kernel: neighbour: arp_cache: neighbor table overflow!
Jun 11 11:04:36 k8snode228 systemd-networkd[1883]: veth53cd54f: Gained IPv6LL
Jun 11 11:04:36 k8snode228 kernel: binder_dkms: 241495:242005 DecRefs 0 refcount change on invalid ref 29 ret -22
Jun 11 11:04:36 k8snode228 kernel: neighbour: arp_cache: neighbor table overflow!
`),
    );
    const s = log.classes['neighbour-overflow']!;
    expect(s.count).toBe(3);
    expect(s.first).toBe('Jun 11 11:04:35');
    expect(s.last).toBe('Jun 11 11:04:36');
    expect(log.neighbourTables).toEqual(['arp_cache']);
    expect(log.messages).toBe(4);
  });

  // https://github.com/coolsnowwolf/lede/issues/6427 (log lines dated 2021-02-24): OpenWrt logread, quoted with "> ".
  it('reads OpenWrt logread lines with net_ratelimit', () => {
    const log = only(
      lines(`
> Wed Feb 24 00:35:21 2021 kern.info kernel: [16300.998425] neighbour: arp_cache: neighbor table overflow!
> Wed Feb 24 00:35:26 2021 kern.warn kernel: [16305.802373] net_ratelimit: 241 callbacks suppressed
> Wed Feb 24 00:35:26 2021 kern.info kernel: [16305.802376] neighbour: arp_cache: neighbor table overflow!
`),
    );
    expect(log.classes['neighbour-overflow']).toMatchObject({ count: 2, suppressed: 241 });
  });

  // https://github.com/gnuton/asuswrt-merlin.ng/issues/207 (2022-07-03): the expectation table, not the conntrack table.
  it('keeps "expectation table full" apart from "table full, dropping packet"', () => {
    const log = only(
      'Jul  3 10:07:53 kernel: nf_conntrack: expectation table full\nJul  3 10:07:53 kernel: nf_conntrack: expectation table full',
    );
    expect(log.classes['conntrack-table-full']).toBeUndefined();
    expect(log.classes['conntrack-expect-full']!.count).toBe(2);
  });

  // https://github.com/cloudnativelabs/kube-router/issues/272 (fixture a-dmesg-ipvs-no-destination-kube-router-272).
  it('counts IPVS no-destination messages per virtual service', () => {
    const log = only(
      lines(`
[ 2837.905694] IPVS: rr: TCP 10.0.62.39:30184 - no destination available
[ 2846.286267] IPVS: rr: TCP 10.0.62.39:32739 - no destination available
[ 2846.647051] IPVS: rr: TCP 10.0.62.39:32739 - no destination available
[ 2857.4`),
    );
    expect(log.ipvsServices).toEqual({ 'TCP 10.0.62.39:30184': 1, 'TCP 10.0.62.39:32739': 2 });
  });

  // https://github.com/kubernetes/kubernetes/issues/95149 (2020-09-29): a dmesg line in backticks in prose.
  it('reads a stamped kernel line quoted in backticks', () => {
    const log = only(
      'dmesg has lots of error: `[79049.987562] IPVS: rr: UDP 10.96.0.10:53 - no destination available`',
    );
    expect(log.ipvsServices).toEqual({ 'UDP 10.96.0.10:53': 1 });
  });

  // https://security.stackexchange.com/questions/43205 (about 2013): bare "kernel:" lines, the last one cut.
  it('reads bare "kernel:" lines and a cut __ratelimit line', () => {
    const log = only(
      'kernel: nf_conntrack: table full, dropping packet.\nkernel: __ratelimit: 15812 callbacks suppresse',
    );
    expect(log.classes['conntrack-table-full']!.count).toBe(1);
  });

  // Synthetic: the prefix variants the parser knows (facility/level, ISO syslog, dmesg --time-format iso, journald
  // short-monotonic, printk caller ids), one line each.
  it.each([
    ['kern  :warn  : [ 1234.567890] nf_conntrack: table full, dropping packet', 'uptime'],
    ['2024-01-01T12:00:00.123456+00:00 node-7 kernel: nf_conntrack: table full, dropping packet', 'wall'],
    ['2024-01-01T12:00:00+0000 node-7 kernel: nf_conntrack: table full, dropping packet', 'wall'],
    ['2024-01-01T12:00:00,123456+00:00 nf_conntrack: table full, dropping packet', 'wall'],
    ['[ 1234.567890] node-7 kernel: nf_conntrack: table full, dropping packet', 'uptime'],
    ['[   12.345678][    T1] nf_conntrack: table full, dropping packet', 'uptime'],
    ['Mon 2024-01-01 12:00:00 UTC node-7 kernel: nf_conntrack: table full, dropping packet', 'wall'],
    ['<4>[ 1234.567890] nf_conntrack: table full, dropping packet', 'uptime'],
  ])('reads %s', (line, clock) => {
    const read = readKernelLine(line)!;
    expect(read.message).toBe('nf_conntrack: table full, dropping packet');
    expect(read.stamp?.clock).toBe(clock);
    expect(only(line).classes['conntrack-table-full']!.count).toBe(1);
  });

  it('ignores unprefixed copies of a message when a real log is in the same block', () => {
    // http://www.pc-freak.net (fixture a-dmesg-table-full-ratelimit-legacy-max-pc-freak): the message quoted bare
    // in prose right above the log.
    const log = only(
      lines(`
nf_conntrack: table full, dropping packet

to appear repeatingly:

[1737157.057528] nf_conntrack: table full, dropping packet.
[1737157.160357] nf_conntrack: table full, dropping packet.
[1737162.214084] __ratelimit: 83 callbacks suppressed
`),
    );
    expect(log.classes['conntrack-table-full']).toMatchObject({ count: 2, suppressed: 83 });
  });

  it('records LOG-rule prefixes and conntrack invalid logs (synthetic)', () => {
    const log = only(
      lines(`
[ 100.000001] INVALID-DROP: IN=eth0 OUT= MAC=00:11 SRC=10.0.0.9 DST=10.0.0.5 LEN=52 PROTO=TCP SPT=443 DPT=51234 WINDOW=0 RES=0x00 ACK RST URGP=0
[ 100.000002] nf_ct_proto_6: SEQ is over the upper bound (over the window of the receiver) IN= OUT= SRC=10.0.0.9 DST=10.0.0.5 LEN=52 PROTO=TCP SPT=443 DPT=51234
`),
    );
    expect(log.packetLogPrefixes).toEqual({ 'INVALID-DROP:': 1 });
    expect(log.classes['conntrack-invalid']!.count).toBe(1);
  });

  it('notes an unreadable kernel buffer', () => {
    const report = diagnoseText('$ dmesg\ndmesg: read kernel buffer failed: Operation not permitted').report;
    const item = itemsOf(report, kernelLogParser)[0]!;
    expect(item.value.readDenied).toBe(true);
    expect(item.notes.join()).toMatch(/dmesg_restrict/);
  });

  it('stays bounded on a large log (synthetic)', () => {
    const sink = kernelLogParser.create({});
    for (let i = 0; i < 200_000; i++) {
      sink.push(`[${i}.000000] IPVS: rr: TCP 10.96.${i % 250}.${i % 7}:53 - no destination available`);
    }
    const { value } = sink.end();
    expect(value.classes['ipvs-no-destination']!.count).toBe(200_000);
    expect(Object.keys(value.ipvsServices).length).toBeLessThanOrEqual(20);
    expect(value.classes['ipvs-no-destination']!.examples).toHaveLength(3);
  });
});
