// The parser of the kernel's SNMP/netstat counters as `netstat -s`, `nstat` and /proc/net/{netstat,snmp} print them:
// the counters netcheck reads (listen queue overflows, SYN drops, memory aborts, UDP buffer errors), per reading.
import type { LineScore } from '../parser.js';
import { lineParser } from '../shared/line-parser.js';
import { createSampleSeries } from '../shared/sample-series.js';
import { trimPasted } from '../shared/strip-backticks.js';

/** One reading: counters by their nstat name (`TcpExtListenOverflows`, `UdpRcvbufErrors`...). */
export interface NetstatSample {
  counters: Record<string, number>;
}

export interface NetstatStats {
  /** How the counters were printed. */
  format: 'netstat-s' | 'nstat' | 'proc';
  samples: NetstatSample[];
}

/** The counters netcheck reads, by nstat name. */
export const NETSTAT_COUNTERS = [
  'TcpExtListenOverflows',
  'TcpExtListenDrops',
  'TcpExtTCPReqQFullDrop',
  'TcpExtSyncookiesSent',
  'TcpExtTCPAbortOnMemory',
  'TcpExtPruneCalled',
  'TcpExtTCPBacklogDrop',
  'UdpRcvbufErrors',
  'UdpInErrors',
  'UdpSndbufErrors',
  'TcpRetransSegs',
  'TcpOutSegs',
] as const;
const WANTED = new Set<string>(NETSTAT_COUNTERS);

/** `netstat -s` prose lines → nstat names; the section (`TcpExt:`, `Udp:`) decides between look-alikes. */
const PHRASES: { re: RegExp; name: string; section?: string }[] = [
  { re: /^(\d+) times the listen queue of a socket overflowed$/, name: 'TcpExtListenOverflows' },
  { re: /^(\d+) SYNs to LISTEN sockets (?:dropped|ignored)$/, name: 'TcpExtListenDrops' },
  { re: /^(\d+) SYN cookies sent$/, name: 'TcpExtSyncookiesSent' },
  { re: /^(\d+) connections aborted due to memory pressure$/, name: 'TcpExtTCPAbortOnMemory' },
  { re: /^(\d+) packets pruned from receive queue because of socket buffer overrun$/, name: 'TcpExtPruneCalled' },
  { re: /^(\d+) receive buffer errors$/, name: 'RcvbufErrors', section: 'Udp' },
  { re: /^(\d+) send buffer errors$/, name: 'SndbufErrors', section: 'Udp' },
  { re: /^(\d+) packet receive errors$/, name: 'InErrors', section: 'Udp' },
  { re: /^(\d+) segments retransmit(?:t?ed)?$/, name: 'RetransSegs', section: 'Tcp' },
  { re: /^(\d+) segments sen[dt] out$/, name: 'OutSegs', section: 'Tcp' },
];

const SECTION = /^(Ip|Icmp|IcmpMsg|Tcp|Udp|UdpLite|TcpExt|IpExt|MPTcpExt|Sctp|Ip6|Icmp6|Udp6|UdpLite6):$/;
const NSTAT =
  /^((?:Ip|Icmp|IcmpMsg|Tcp|Udp|UdpLite|TcpExt|IpExt|MPTcpExt|Ip6|Icmp6|Udp6|UdpLite6)[A-Za-z0-9]+)\s+(\d+)(?:\s+[\d.]+)?$/;
const PROC = /^(Ip|Icmp|IcmpMsg|Tcp|Udp|UdpLite|TcpExt|IpExt|MPTcpExt): ([A-Za-z0-9]+(?: [A-Za-z0-9]+)*)$/;
const PROC_VALUES = /^(Ip|Icmp|IcmpMsg|Tcp|Udp|UdpLite|TcpExt|IpExt|MPTcpExt): (-?\d+(?: -?\d+)*)$/;
const NAMED = /^([A-Z][A-Za-z0-9]+): (\d+)$/;
const MAX_SAMPLES = 20;

function phrase(text: string): boolean {
  return PHRASES.some((p) => p.re.test(text));
}

/** Cheap gate: netstat -s lines start with a count or a section, nstat and /proc lines with a capitalised name. */
const MAYBE = /^\s*`*[\dA-Z#]/;

function classify(raw: string): LineScore {
  if (!MAYBE.test(raw)) return 0;
  const line = trimPasted(raw).trim();
  if (line === '') return 0;
  if (SECTION.test(line)) return 1;
  if (phrase(line)) return /listen queue|SYNs to LISTEN|memory pressure|pruned from receive/.test(line) ? 2 : 1;
  const n = NSTAT.exec(line);
  if (n) return n[1]!.startsWith('TcpExt') || n[1]!.startsWith('IpExt') || n[1]!.startsWith('Udp') ? 2 : 1;
  if (line === '#kernel') return 1;
  if (PROC.test(line)) return /^TcpExt: SyncookiesSent |^Udp: InDatagrams /.test(line) ? 2 : 1;
  if (PROC_VALUES.test(line)) return 1;
  if (NAMED.test(line)) return 1;
  // Any other "N words" line of netstat -s continues a block.
  return /^\d+ [a-zA-Z][\w ,./()-]*$/.test(line) ? 1 : 0;
}

export const netstatStatsParser = lineParser<NetstatStats>({
  kind: 'netstat-stats',
  command:
    /^(?:netstat\s+(?:-\w*s\w*|--statistics)\b|nstat\b|(?:cat|more|less|head|tail)\s+(?:\S*\/)?(?:proc\/(?:\d+|self)\/)?net\/(?:netstat|snmp)\b)/,
  classify,
  read(notes) {
    const series = createSampleSeries<NetstatSample>(() => ({ counters: {} }), MAX_SAMPLES);
    let format: NetstatStats['format'] = 'netstat-s';
    let section = '';
    let header: { prefix: string; names: string[] } | undefined;
    const put = (name: string, value: number): void => {
      if (!WANTED.has(name)) return;
      const s = series.current && !(name in series.current.counters) ? series.current : series.next();
      s.counters[name] = value;
    };
    return {
      push(raw) {
        const line = trimPasted(raw).trim();
        if (line === '' || line === '#kernel') return;
        const sec = SECTION.exec(line);
        if (sec) {
          section = sec[1]!;
          return;
        }
        const vals = PROC_VALUES.exec(line);
        if (vals) {
          const names = header && header.prefix === vals[1] ? header.names : [];
          const values = vals[2]!.split(' ');
          names.forEach((n, i) => {
            if (values[i] !== undefined) put(`${vals[1]}${n}`, Number(values[i]));
          });
          if (names.length > 0) format = 'proc';
          header = undefined;
          return;
        }
        const proc = PROC.exec(line);
        if (proc) {
          header = { prefix: proc[1]!, names: proc[2]!.trim().split(' ') };
          return;
        }
        const n = NSTAT.exec(line);
        if (n) {
          format = 'nstat';
          put(n[1]!, Number(n[2]));
          return;
        }
        for (const p of PHRASES) {
          const m = p.re.exec(line);
          if (!m) continue;
          if (p.section && p.section !== section && !(p.section === 'Udp' && section === 'Udp6')) return;
          put(p.section ? `${section === 'Udp6' ? 'Udp6' : p.section}${p.name}` : p.name, Number(m[1]));
          return;
        }
        const named = NAMED.exec(line);
        if (named) {
          if (section === 'TcpExt') put(`TcpExt${named[1]}`, Number(named[2]));
          return;
        }
        if (!/^\d+ /.test(line) && !/^[A-Za-z]+: /.test(line)) notes.skip('not a netstat counter line', raw);
      },
      end: () => ({ format, samples: series.samples.filter((s) => Object.keys(s.counters).length > 0) }),
    };
  },
});
