// The prefixes log pipelines put before every line (syslog, journald, RFC 5424, CRI logs, `kubectl logs` options)
// and journald's banner lines: where a line's own text starts.
/** Which pipeline printed a prefix. */
export type LogPrefixForm = 'syslog' | 'rfc5424' | 'cri' | 'timestamps' | 'pod';

/** A log prefix found at the start of a line: its form, its length and the program it names, if any. */
export interface LogPrefix {
  form: LogPrefixForm;
  length: number;
  program?: string;
}

const PROGRAM = '([A-Za-z][\\w./@-]*)(?:\\[\\d+\\])?: ?';
/** `Mar  5 07:08:09 node-7 prog[41]: ` (RFC 3164, `journalctl -o short`, `short-precise`; an empty host too). */
const BSD = new RegExp(
  `^(?:<\\d{1,3}>)?[A-Z][a-z]{2} [ \\d]?\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,9})? (?:\\S+ | )${PROGRAM}`,
);
/** `Tue 2024-03-05 07:08:09 UTC node-7 prog[41]: ` (`journalctl -o short-full`). */
const FULL = new RegExp(
  `^[A-Z][a-z]{2} \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,9})? [A-Z]{2,5} \\S+ ${PROGRAM}`,
);
/** `2024-03-05T07:08:09+0000 node-7 prog[41]: ` (`short-iso`, `short-iso-precise`, rsyslog's RFC 3339 files). */
const ISO = new RegExp(
  `^\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d:\\d\\d(?:[.,]\\d{1,9})?(?:Z|[+-]\\d\\d:?\\d\\d)? [\\w.-]+ ${PROGRAM}`,
);
/** `<14>1 2024-03-05T07:08:09.123Z node-7 prog 41 - - ` (RFC 5424: structured data `-` or `[...]`). */
const RFC5424 = /^<\d{1,3}>1 \S+ \S+ (\S+) \S+ \S+ (?:-|(?:\[[^\]]*\])+)(?: \ufeff?| ?$)/;
/** `2024-03-05T07:08:09.123456789Z stdout F ` (a container runtime's log file). */
const CRI = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d) (?:stdout|stderr) [FP](?: |$)/;
/** `2024-03-05T07:08:09.123456789Z ` (`kubectl logs --timestamps`). */
const STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d) /;
/** `[pod/coredns-5d78c9869d-x2x9k/coredns] ` (`kubectl logs --prefix`). */
const POD = /^\[pod\/[^\]\s]+\] /;
/** journald's own lines between records: the range read, boots, an empty result. */
const BANNER = /^-- (?:Logs begin at |Journal begins at |Boot [0-9a-f]{32} --$|Reboot --$|No entries --$)/;

/**
 * The log prefixes `line` may start with, longest first (`2024-...Z options ndots:5` is a timestamp before a
 * resolv.conf line or a syslog line of a program `ndots` on host `options`: the caller picks by what follows).
 * Linear: every pattern is anchored and has no nested repeat.
 */
export function logPrefixesOf(line: string): readonly LogPrefix[] {
  const c = line.charCodeAt(0);
  if (!((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || c === 0x3c || c === 0x5b)) return NONE;
  const found: LogPrefix[] = [];
  if (c >= 0x30 && c <= 0x39) {
    add(found, 'syslog', ISO.exec(line), true);
    add(found, 'cri', CRI.exec(line), false);
    add(found, 'timestamps', STAMP.exec(line), false);
  } else if (c >= 0x41 && c <= 0x5a) {
    add(found, 'syslog', BSD.exec(line) ?? FULL.exec(line), true);
  } else if (c === 0x3c) {
    add(found, 'rfc5424', RFC5424.exec(line), true);
    add(found, 'syslog', BSD.exec(line), true);
  } else if (c === 0x5b) {
    add(found, 'pod', POD.exec(line), false);
  }
  return found;
}

const NONE: readonly LogPrefix[] = [];

function add(found: LogPrefix[], form: LogPrefixForm, m: RegExpExecArray | null, program: boolean): void {
  if (m) found.push(program ? { form, length: m[0].length, program: m[1]! } : { form, length: m[0].length });
}

/** journald's banner lines (`-- Logs begin at ...`, `-- Boot ... --`, `-- No entries --`). */
export function isJournalBanner(line: string): boolean {
  return line.startsWith('-- ') && BANNER.test(line);
}
