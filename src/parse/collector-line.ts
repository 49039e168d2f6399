// The reserved `#netcheck report|section|end` lines of a collector report, read into their fields.
import type { CollectorMeta, SectionMeta } from '../domain/report.js';

export type CollectorLine =
  | { type: 'report'; fields: Record<string, string> }
  | { type: 'section'; section: SectionMeta }
  | { type: 'end'; sections?: number; bytes?: number };

const PREFIX = '#netcheck ';

/** Parses a reserved `#netcheck ...` line of a collector report (docs/report-format.md), or returns undefined. */
export function parseCollectorLine(line: string): CollectorLine | undefined {
  if (!line.startsWith(PREFIX)) return undefined;
  const rest = line.slice(PREFIX.length);
  const space = rest.indexOf(' ');
  const type = space < 0 ? rest : rest.slice(0, space);
  const fields = parseFields(space < 0 ? '' : rest.slice(space + 1));
  if (type === 'report') return { type, fields };
  if (type === 'end') return { type, sections: int(fields.sections), bytes: int(fields.bytes) };
  if (type !== 'section' || !fields.name) return undefined;
  return {
    type,
    section: {
      name: fields.name,
      kind: fields.kind ?? 'text',
      status: fields.status ?? 'ok',
      rc: int(fields.rc),
      ms: int(fields.ms),
      at: num(fields.at),
      truncated: fields.truncated === '1',
      cmd: fields.cmd,
    },
  };
}

/** `a=1 b=two cmd=rest of line`: `cmd` always runs to the end of the line. */
function parseFields(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    while (text[i] === ' ') i++;
    const eq = text.indexOf('=', i);
    if (eq < 0) break;
    const key = text.slice(i, eq);
    if (key === 'cmd') {
      fields.cmd = text.slice(eq + 1);
      break;
    }
    const end = text.indexOf(' ', eq);
    fields[key] = end < 0 ? text.slice(eq + 1) : text.slice(eq + 1, end);
    i = end < 0 ? text.length : end + 1;
  }
  return fields;
}

function int(value: string | undefined): number | undefined {
  return value !== undefined && /^-?\d+$/.test(value) ? Number(value) : undefined;
}

function num(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+(?:\.\d+)?$/.test(value) ? Number(value) : undefined;
}

/** The collector report's metadata from its `#netcheck report` header's fields; `bytes` is the header line's size. */
export function collectorMetaOf(fields: Record<string, string>, bytes: number): CollectorMeta {
  const num = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined);
  const meta: CollectorMeta = { complete: false, sentinelSeen: false, bytesSeen: bytes, sections: [] };
  const version = num(fields.version);
  if (version !== undefined) meta.version = version;
  if (fields.host) meta.host = fields.host;
  const start = num(fields.start);
  if (start !== undefined) meta.start = start;
  const interval = num(fields.interval);
  if (interval !== undefined) meta.interval = interval;
  const deadline = num(fields.deadline);
  if (deadline !== undefined) meta.deadline = deadline;
  return meta;
}
