// Decoration is taken off where the lines around it show it is decoration, and real output that numbers its own
// lines keeps its numbers. Output lines are real (sources cited); the decoration is what the named tools add.
import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../src/diagnose.js';
import { createUndresser, type UndressedLine } from '../../../src/input/undress.js';
import { PARSERS } from '../../../src/parse/parsers.js';
import { renderJson } from '../../../src/render/render-json.js';
import { renderText } from '../../../src/render/render-text.js';

/** The parsers' best score for a line, as the report builder recognises lines. */
const recognise = (line: string): number => Math.max(0, ...PARSERS.map((p) => p.classify(line)));

function undress(lines: readonly string[]): { out: UndressedLine[]; stripped: string[] } {
  const out: UndressedLine[] = [];
  const u = createUndresser(recognise, (raw, l) => {
    if (l) out.push({ raw, ...l });
  });
  for (const line of lines) u.push(line);
  u.end();
  return { out, stripped: u.stripped() };
}

// https://github.com/weaveworks/weave/issues/3392 (iptables-save of the reporter's node)
const SAVE = [
  '-A KUBE-FIREWALL -m comment --comment "kubernetes firewall for dropping marked packets" -m mark --mark 0x8000/0x8000 -j DROP',
  '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT',
  '-A KUBE-SERVICES -d 10.105.194.19/32 -p tcp -m comment --comment "default/ace: has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable',
  '-A KUBE-SERVICES -d 10.106.241.185/32 -p tcp -m comment --comment "flux/flux: has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable',
];

// https://github.com/submariner-io/submariner/issues/1116 (`iptables -t nat -L -n -v --line-numbers`)
const LINE_NUMBERS = [
  'Chain KUBE-POSTROUTING (1 references)',
  'num   pkts bytes target     prot opt in     out     source               destination',
  '1       30  1800 RETURN     all  --  *      *       0.0.0.0/0            0.0.0.0/0            mark match ! 0x4000/0x4000',
  '2        5   300 MARK       all  --  *      *       0.0.0.0/0            0.0.0.0/0            MARK xor 0x4000',
  '3        5   300 MASQUERADE  all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* kubernetes service traffic requiring SNAT */',
  '4        0     0 KUBE-MARK-MASQ  tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            /* kube-system/traefik:https */ tcp dpt:30887',
];

describe('createUndresser', () => {
  it('takes off line numbers (cat -n, an editor, grep -n) and names them', () => {
    for (const number of [
      (l: string, i: number) => `${String(i + 1).padStart(6)}\t${l}`,
      (l: string, i: number) => `${String(i + 1).padStart(3)} ${l}`,
      (l: string, i: number) => `${i + 12}:${l}`,
    ]) {
      const { out, stripped } = undress(['*filter', ...SAVE, 'COMMIT'].map(number));
      expect(out.map((l) => l.text)).toEqual(['*filter', ...SAVE, 'COMMIT']);
      expect(stripped).toEqual(['line numbers']);
    }
  });

  it('keeps the numbers of output that numbers its own lines (iptables --line-numbers, ip -o link)', () => {
    expect(undress(LINE_NUMBERS).out.map((l) => l.text)).toEqual(LINE_NUMBERS);
    // https://github.com/jeffsilverm/nbmdt (its source quotes `ip --oneline --detail link list` of the author's desktop)
    const links = [
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00 promiscuity 0 addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 ',
      '2: enp3s0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc mq state DOWN mode DEFAULT group default qlen 1000\\    link/ether 00:10:18:cc:9c:77 brd ff:ff:ff:ff:ff:ff promiscuity 0 addrgenmode none numtxqueues 5 numrxqueues 5 gso_max_size 65536 gso_max_segs 65535 ',
      '3: eno1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast state UP mode DEFAULT group default qlen 1000\\    link/ether 00:22:4d:7c:4d:d9 brd ff:ff:ff:ff:ff:ff promiscuity 0 addrgenmode none numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 ',
    ];
    expect(undress(links).out.map((l) => l.text)).toEqual(links);
  });

  it('takes off a box drawn around the output, its edges and its closing bars', () => {
    const width = Math.max(...SAVE.map((l) => l.length));
    const boxed = [
      `┌${'─'.repeat(width + 2)}┐`,
      ...SAVE.map((l) => `│ ${l.padEnd(width)} │`),
      `└${'─'.repeat(width + 2)}┘`,
    ];
    const { out, stripped } = undress(boxed);
    expect(out.map((l) => l.text)).toEqual(['', ...SAVE, '']);
    expect(stripped).toEqual(['borders and margins']);
  });

  it('takes off a log prefix only where the text under it reads better; a kernel line keeps its own', () => {
    // https://github.com/kubernetes/kubernetes/issues/56903 (the pod's resolv.conf), read back with timestamps
    const { out, stripped } = undress([
      '2024-03-05T07:08:09.123417417Z nameserver 10.96.0.10',
      '2024-03-05T07:08:10.136417417Z search default.svc.cluster.local svc.cluster.local cluster.local',
      '2024-03-05T07:08:11.149417417Z options ndots:5',
    ]);
    expect(out.map((l) => l.text)).toEqual([
      'nameserver 10.96.0.10',
      'search default.svc.cluster.local svc.cluster.local cluster.local',
      'options ndots:5',
    ]);
    expect(stripped).toEqual(['kubectl logs timestamps']);
    // https://security.stackexchange.com/questions/43205 (a syslog line the kernel log parser reads whole)
    const kernel = 'Oct 10 19:01:52 server kernel: nf_conntrack: table full, dropping packet';
    expect(undress([kernel]).out.map((l) => l.text)).toEqual([kernel]);
  });

  it('reads the message of `journalctl -o verbose` records and drops their other fields', () => {
    // The record layout of `journalctl -o verbose` (systemd's journalctl(1)); the message is the kernel's, as in
    // https://github.com/kubernetes/kubernetes/issues/18604.
    const record = [
      'Tue 2017-10-24 10:37:50.315725 UTC [s=6bffb876a10048479266ab251fa82f13;i=524715a;b=0a163cddc55946f889e0c7d0d3b917e8;m=914ed6facb5;t=55c4887dc4ccd;x=98df4480dbf4c068]',
      '    PRIORITY=4',
      '    _TRANSPORT=kernel',
      '    SYSLOG_FACILITY=0',
      '    SYSLOG_IDENTIFIER=kernel',
      '',
      '    MESSAGE=nf_conntrack: table full, dropping packet',
      '    _SOURCE_MONOTONIC_TIMESTAMP=9986115138436',
    ];
    const { out, stripped } = undress([
      ...record,
      'conntrack v1.4.4 (conntrack-tools): 0 flow entries have been shown.',
    ]);
    expect(out.map((l) => l.text)).toEqual([
      'nf_conntrack: table full, dropping packet',
      'conntrack v1.4.4 (conntrack-tools): 0 flow entries have been shown.',
    ]);
    expect(stripped).toEqual(['journalctl -o verbose records']);
    const d = diagnoseText(record.join('\n'));
    expect(d.findings.map((f) => f.id)).toContain('conntrack.table-full');
    expect(d.report.lines).toBe(record.length);
  });

  it("drops journald's banners", () => {
    const { out } = undress(['-- Logs begin at Mon 2024-03-04 22:10:01 UTC, end at Tue 2024-03-05 07:09:00 UTC. --']);
    expect(out.map((l) => l.text)).toEqual(['']);
  });

  it('passes undecorated lines through and stays idle', () => {
    const out: UndressedLine[] = [];
    const u = createUndresser(recognise, (raw, l) => {
      if (l) out.push({ raw, ...l });
    });
    for (const line of SAVE) {
      u.push(line);
      expect(u.idle()).toBe(true);
    }
    expect(out.map((l) => l.text)).toEqual(SAVE);
    expect(u.stripped()).toEqual([]);
  });
});

describe('what was stripped is said in the output', () => {
  const numbered = ['*filter', ...SAVE, 'COMMIT'].map((l, i) => `${String(i + 1).padStart(6)}\t${l}`).join('\n');

  it('--json has `stripped` only when decoration was taken off', () => {
    const d = diagnoseText(numbered);
    expect(JSON.parse(renderJson(d)).stripped).toEqual(['line numbers']);
    expect(Object.keys(JSON.parse(renderJson(diagnoseText(SAVE.join('\n'))))).sort()).toEqual(['detected', 'findings']);
  });

  it('the text output says it under what was read', () => {
    const d = diagnoseText(numbered);
    const text = renderText(d, { color: false, stripped: d.report.stripped ?? [] });
    expect(text.split('\n')[2]).toBe('stripped: line numbers');
  });
});
