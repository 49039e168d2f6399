// Builds a collector report (docs/report-format.md) from section bodies, with exact byte counts and the end sentinel,
// for tests of the analyzers and the cross-check that need a report shaped as the collector writes it.

export interface ReportSection {
  name: string;
  kind: string;
  /** Epoch seconds the section ran at. @defaultValue the report's start */
  at?: number;
  cmd?: string;
  /** The section's output: text, or its lines. */
  body: string | readonly string[];
}

export interface ReportOptions {
  /** Seconds between the two counter samples (`interval=`). @defaultValue 5 */
  interval?: number;
  /** @defaultValue node-7 */
  host?: string;
}

/** A complete report: header, each section with `bytes=` of its body, and `#netcheck end sections=N bytes=B`. */
export function collectorReport(sections: readonly ReportSection[], options: ReportOptions = {}): string {
  const start = sections[0]?.at ?? 1732380000;
  let out = `#netcheck report version=1 host=${options.host ?? 'node-7'} start=${start} interval=${options.interval ?? 5} deadline=60 section_timeout=10 mono_ms=1000 timeout_tool=coreutils\n`;
  for (const s of sections) {
    const text = typeof s.body === 'string' ? s.body : s.body.join('\n');
    const body = text === '' || text.endsWith('\n') ? text : `${text}\n`;
    const at = s.at ?? start;
    out += `#netcheck section name=${s.name} kind=${s.kind} status=ok rc=0 ms=10 at=${at} truncated=0 mono_ms=${1000 + (at - start) * 1000} bytes=${Buffer.byteLength(body)} cmd=${s.cmd ?? s.name}\n${body}`;
  }
  return `${out}#netcheck end sections=${sections.length} bytes=${Buffer.byteLength(out)}\n`;
}
