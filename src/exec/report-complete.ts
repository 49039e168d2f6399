// Is a collector report whole? It must end with `#netcheck end sections=N bytes=B`, where B counts the bytes from the
// `#netcheck report` line up to the end line (docs/report-format.md). Anything else is incomplete.

const REPORT_START = Buffer.from('#netcheck report ');
const END_LINE = /^#netcheck end sections=\d+ bytes=(\d+)$/;

function lastLine(stdout: Buffer): { text: string; start: number } | undefined {
  let end = stdout.length;
  while (end > 0 && (stdout[end - 1] === 0x0a || stdout[end - 1] === 0x0d || stdout[end - 1] === 0x20)) end--;
  if (end === 0) return undefined;
  const start = stdout.lastIndexOf(0x0a, end - 1) + 1;
  return { text: stdout.subarray(start, end).toString('latin1'), start };
}

function reportStart(stdout: Buffer): number {
  if (stdout.subarray(0, REPORT_START.length).equals(REPORT_START)) return 0;
  const at = stdout.indexOf(Buffer.concat([Buffer.from('\n'), REPORT_START]));
  return at < 0 ? -1 : at + 1;
}

/** True when `stdout` holds one collector report ending with its sentinel line and its byte count matches. */
export function isReportComplete(stdout: Buffer | string): boolean {
  const bytes = typeof stdout === 'string' ? Buffer.from(stdout) : stdout;
  const last = lastLine(bytes);
  const declared = last && END_LINE.exec(last.text);
  if (!last || !declared) return false;
  const start = reportStart(bytes);
  return start >= 0 && start < last.start && last.start - start === Number(declared[1]);
}
