import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isPlainLine } from '../../../../src/input/read-lines.js';
import { conntrackListParser, createConntrackBreakdown } from '../../../../src/parse/conntrack/conntrack-list.js';

const fixtureLines = (slug: string) =>
  readFileSync(new URL(`../../../fixtures/real/${slug}/input.txt`, import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.includes('src='));

/** Feeds lines as bytes where `pushBytes` takes them and as strings otherwise; also through `push` alone. */
function both(lines: string[]) {
  const viaBytes = createConntrackBreakdown();
  const viaStrings = createConntrackBreakdown();
  const taken: boolean[] = [];
  for (const line of lines) {
    // Inside a larger buffer, with bytes around the line, as a chunk holds it.
    const bytes = Buffer.from(`xx\n${line}\nsrc= dst=`);
    const ok = viaBytes.pushBytes(bytes, 3, bytes.length - 10);
    taken.push(ok);
    if (!ok) viaBytes.push(line);
    viaStrings.push(line);
  }
  return { taken, bytes: viaBytes.result(), strings: viaStrings.result() };
}

describe('conntrack-list byte lane (pushBytes)', () => {
  // https://github.com/kubernetes/kubernetes/issues/91216: TIME_WAIT DNS over TCP; the first line is cut at its start.
  it('takes real entries and counts them as push does; not a line cut at its start', () => {
    const lines = fixtureLines('a-conntrack-l-dns-tcp-timewait-k8s-91216');
    const { taken, bytes, strings } = both(lines);
    expect(taken[0]).toBe(false); // `6 46 TIME_WAIT src=...`: no protocol name
    expect(taken.slice(1).every(Boolean)).toBe(true);
    expect(bytes).toEqual(strings);
    expect(bytes.dnat[0]).toEqual({ key: '10.0.0.10:53>10.64.1.6:53', count: 3 });
  });

  // https://github.com/confidential-containers/cloud-api-adaptor/issues/2015: UDP [UNREPLIED] VXLAN entries.
  it('reads [UNREPLIED] before the reply tuple (real VXLAN entries)', () => {
    const lines = fixtureLines('a-conntrack-l-vxlan-4789-unreplied-cloud-api-adaptor-2015');
    const { taken, bytes, strings } = both(lines);
    expect(taken.filter(Boolean).length).toBe(4);
    expect(bytes).toEqual(strings);
    expect(bytes.udpUnrepliedDport).toEqual([{ key: '4789', count: 4 }]);
  });

  // https://github.com/kubernetes/kubernetes/issues/129617: packets=/bytes= accounting and delta-time.
  it('is not confused by accounting fields in both tuples (real entries)', () => {
    const lines = fixtureLines('a-conntrack-l-udp53-accounting-delta-time-k8s-129617');
    const { taken, bytes, strings } = both(lines);
    expect(taken.every(Boolean)).toBe(true);
    expect(bytes).toEqual(strings);
    expect([bytes.total, bytes.unreplied, bytes.dnatEntries]).toEqual([3, 0, 0]);
  });

  // https://github.com/vishvananda/netlink/issues/876: 5-day established timeouts.
  it('reads timeouts and states of real entries', () => {
    const lines = fixtureLines('a-conntrack-l-established-5day-timeouts-netlink-876');
    const { taken, bytes, strings } = both(lines);
    expect(taken.every(Boolean)).toBe(true);
    expect(bytes).toEqual(strings);
    expect([bytes.total, bytes.longTimeout, bytes.maxTimeout]).toEqual([3, 2, 431981]);
  });

  it('takes -o extended / /proc lines, IPv6, zone= and mark=, ICMP; counts them as push does (synthetic)', () => {
    const lines = [
      'ipv4     2 tcp      6 299 ESTABLISHED src=192.168.168.1 dst=192.168.168.11 sport=53635 dport=22 src=192.168.168.11 dst=192.168.168.1 sport=22 dport=53635 [ASSURED] mark=0 secmark=0 zone=3 use=3',
      'ipv6     10 udp      17 25 src=fd00::5 dst=fd00:96::a sport=5353 dport=53 [UNREPLIED] src=fd00:244::7 dst=fd00::5 sport=53 dport=5353 mark=0 use=1',
      'icmp     1 29 src=10.0.0.1 dst=10.0.0.2 type=8 code=0 id=77 src=10.0.0.2 dst=10.0.0.1 type=0 code=0 id=77 mark=0 use=1',
      'tcp      6 86399 ESTABLISHED src=10.244.1.5 dst=10.96.0.1 sport=40000 dport=443 src=10.0.0.7 dst=10.244.1.5 sport=6443 dport=40000 [ASSURED] mark=0 zone=0 use=1',
    ];
    const { taken, bytes, strings } = both(lines);
    expect(taken).toEqual([true, true, true, true]);
    expect(bytes).toEqual(strings);
    expect(bytes.byProto).toEqual({ tcp: 2, udp: 1, icmp: 1 });
    expect(bytes.assured).toBe(2);
    expect(bytes.udpUnrepliedDnat).toEqual([{ key: '[fd00:96::a]:53>[fd00:244::7]:53', count: 1 }]);
    expect(bytes.dnat.map((e) => e.key).sort()).toEqual([
      '10.96.0.1:443>10.0.0.7:6443',
      '[fd00:96::a]:53>[fd00:244::7]:53',
    ]);
  });

  it('leaves tab-separated, cut, unknown-protocol and non-entry lines to the string path, counting nothing', () => {
    const tabbed =
      'tcp\t6\t100\tESTABLISHED\tsrc=1.1.1.1\tdst=2.2.2.2\tsport=1\tdport=2\tsrc=3.3.3.3\tdst=1.1.1.1\tsport=2\tdport=1';
    const lines = [
      tabbed,
      'tcp      6 100 ESTABLISHED src=10.0.0.1 dst=10.0.0.2 sport=1 dport=2 src=10.0.0.2 dst=10.0.0.', // cut: still an entry
      'tcp      6 100 ESTABLISHED src=10.0.0.1', // cut before dst=
      'foo      99 100 src=1.1.1.1 dst=2.2.2.2 sport=1 dport=2 src=2.2.2.2 dst=1.1.1.1 sport=2 dport=1',
      'conntrack v1.4.6 (conntrack-tools): 3 flow entries have been shown.',
      'tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN',
    ];
    const b = createConntrackBreakdown();
    const taken = lines.map((l) => {
      const bytes = Buffer.from(l);
      return b.pushBytes(bytes, 0, bytes.length);
    });
    expect(taken).toEqual([false, true, false, false, false, false]);
    expect(b.result().total).toBe(1);
    const { bytes, strings } = both(lines);
    expect(bytes).toEqual(strings);
    expect(strings.total).toBe(4); // the string path counts the tabbed, both cut and the unknown-protocol lines
    expect(strings.shown).toBe(3);
  });

  it('decodes non-ASCII names as the string path does; the splitter never offers such a line as bytes', () => {
    const line =
      'tcp      6 100 ÉTABLI src=10.0.0.1 dst=10.96.0.9 sport=1 dport=2 src=10.244.0.7 dst=10.0.0.1 sport=2 dport=1';
    const { taken, bytes, strings } = both([line]);
    expect(taken).toEqual([true]);
    expect(bytes).toEqual(strings);
    expect(strings.byState).toEqual({ ÉTABLI: 1 });
    const raw = Buffer.from(line);
    expect(isPlainLine(raw, 0, raw.length)).toBe(false);
  });

  it('only takes lines classify scores as entries', () => {
    const lines = [
      'tcp      6 431999 ESTABLISHED src=10.0.0.1 dst=10.0.0.2 sport=1 dport=2 src=10.0.0.2 dst=10.0.0.1 sport=2 dport=1 [ASSURED] mark=0 use=1',
      '  udp 17 5 src=1.1.1.1 dst=2.2.2.2 sport=1 dport=2 src=2.2.2.2 dst=1.1.1.1',
      'tcp 6 5x ESTABLISHED src=1.1.1.1 dst=2.2.2.2',
      'ipv4 x tcp 6 5 src=1.1.1.1 dst=2.2.2.2',
      'ipv5 2 tcp 6 5 src=1.1.1.1 dst=2.2.2.2',
      'tcp 6 5 src=1.1.1.1\tdst=2.2.2.2',
    ];
    for (const l of lines) {
      const bytes = Buffer.from(l);
      const taken = createConntrackBreakdown().pushBytes(bytes, 0, bytes.length);
      if (taken) expect(conntrackListParser.classify(l), l).toBeGreaterThan(0);
    }
    const takenAll = lines.map((l) => createConntrackBreakdown().pushBytes(Buffer.from(l), 0, Buffer.byteLength(l)));
    expect(takenAll).toEqual([true, true, false, false, false, false]);
  });

  it('the parser sink takes bytes and gives the same result as strings', () => {
    const lines = fixtureLines('a-conntrack-l-dns-tcp-timewait-k8s-91216');
    const a = conntrackListParser.create({});
    const b = conntrackListParser.create({});
    for (const l of lines) {
      const bytes = Buffer.from(l);
      if (!a.pushBytes!(bytes, 0, bytes.length)) a.push(l);
      b.push(l);
    }
    expect(a.end()).toEqual(b.end());
  });
});
