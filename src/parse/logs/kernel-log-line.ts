// One kernel log line split into its time (since boot or wall clock) and its message, whatever prefix printed it.
/** How a message's time was printed: seconds since boot (`dmesg`) or a wall-clock date (`dmesg -T`, syslog). */
export type KernelClock = 'uptime' | 'wall';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface KernelStamp {
  display: string;
  clock: KernelClock;
  seconds?: number;
}

/** One kernel message with its time. */
export interface KernelLine {
  stamp?: KernelStamp;
  message: string;
}

const FACILITY =
  /^(?:kern|user|mail|daemon|auth|syslog|lpr|news)\s*:\s*(?:emerg|alert|crit|err|warn|notice|info|debug)\s*:\s?/;
const UPTIME = /^\[\s*(\d+\.\d+)(?:@\d+)?\]\s?(?:\[\s*[TC]\d+\]\s?)?/;
const CTIME = /^\[(?:[A-Z][a-z]{2} )?([A-Z][a-z]{2}) +(\d{1,2}) (\d\d):(\d\d):(\d\d)(?:[.,]\d+)? (\d{4})\]\s?/;
const SYSLOG = /^([A-Z][a-z]{2}) +(\d{1,2}) (\d\d):(\d\d):(\d\d)(?:\.\d+)? (?:\S+ )?kernel: ?/;
/** OpenWrt `logread`: `Wed Feb 24 00:35:21 2021 kern.info kernel: [16300.998425] ...`. */
const LOGREAD = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) +(\d{1,2}) (\d\d):(\d\d):(\d\d) (\d{4}) \w+\.\w+ kernel: ?/;
const SHORT_FULL = /^[A-Z][a-z]{2} (\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.\d+)? \S+ \S+ kernel: ?/;
const ISO = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?) (?:(\S+) kernel: ?)?/;
const MONOTONIC = /^\[\s*(\d+\.\d+)(?:@\d+)?\] \S+ kernel: ?/;
const BARE_KERNEL = /^(?:\S+ )?kernel: ?/;

/** Splits a kernel log line into its time and message. Lines without a known prefix give `undefined`. */
export function readKernelLine(raw: string): KernelLine | undefined {
  const line = raw
    .replace(/^[\s│┃]+/, '')
    .replace(/^<\d>/, '')
    .replace(FACILITY, '');
  const up = MONOTONIC.exec(line) ?? UPTIME.exec(line);
  if (up)
    return withUptime(line.slice(up[0].length), { display: `[${up[1]}]`, clock: 'uptime', seconds: Number(up[1]) });
  const c = CTIME.exec(line);
  if (c) {
    const seconds = utc(Number(c[6]), c[1]!, c[2]!, c[3]!, c[4]!, c[5]!);
    return { stamp: { display: c[0].trim(), clock: 'wall', seconds }, message: line.slice(c[0].length) };
  }
  const lr = LOGREAD.exec(line);
  if (lr) {
    const seconds = utc(Number(lr[6]), lr[1]!, lr[2]!, lr[3]!, lr[4]!, lr[5]!);
    const display = `${lr[1]} ${lr[2]} ${lr[3]}:${lr[4]}:${lr[5]} ${lr[6]}`;
    return withUptime(line.slice(lr[0].length), { display, clock: 'wall', seconds });
  }
  const sys = SYSLOG.exec(line);
  if (sys) {
    const display = `${sys[1]} ${sys[2]} ${sys[3]}:${sys[4]}:${sys[5]}`;
    const seconds = utc(2000, sys[1]!, sys[2]!, sys[3]!, sys[4]!, sys[5]!);
    return withUptime(line.slice(sys[0].length), { display, clock: 'wall', seconds });
  }
  const full = SHORT_FULL.exec(line);
  if (full) {
    const seconds = Date.parse(`${full[1]}T${full[2]}Z`) / 1000;
    return withUptime(line.slice(full[0].length), { display: `${full[1]} ${full[2]}`, clock: 'wall', seconds });
  }
  const iso = ISO.exec(line);
  // An ISO time is a kernel line with "host kernel:" after it (syslog), or alone with a comma (dmesg --time-format iso).
  if (iso && (iso[2] !== undefined || iso[1]!.includes(','))) {
    const ms = Date.parse(iso[1]!.replace(',', '.').replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
    const seconds = Number.isNaN(ms) ? undefined : ms / 1000;
    return withUptime(line.slice(iso[0].length), { display: iso[1]!, clock: 'wall', seconds });
  }
  const bare = BARE_KERNEL.exec(line);
  return bare ? withUptime(line.slice(bare[0].length), undefined) : undefined;
}

function withUptime(rest: string, stamp: KernelStamp | undefined): KernelLine {
  const m = UPTIME.exec(rest);
  if (!m) return stamp ? { stamp, message: rest } : { message: rest };
  return { stamp: { display: `[${m[1]}]`, clock: 'uptime', seconds: Number(m[1]) }, message: rest.slice(m[0].length) };
}

function utc(year: number, mon: string, day: string, h: string, mi: string, s: string): number | undefined {
  const month = MONTHS.indexOf(mon);
  if (month < 0) return undefined;
  return Date.UTC(year, month, Number(day), Number(h), Number(mi), Number(s)) / 1000;
}
