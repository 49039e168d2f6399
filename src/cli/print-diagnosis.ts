// Prints a diagnosis as the public JSON shape or as coloured text, and picks the exit code.
import type { Diagnosis } from '../diagnose.js';
import { renderJson } from '../render/render-json.js';
import { renderText } from '../render/render-text.js';
import { type CliIo, wantsColor } from './cli-io.js';

export interface PrintOptions {
  json?: boolean;
  color?: boolean;
  subject?: string;
}

/** Prints a diagnosis as JSON or as text; returns the exit code (1 when nothing in the input was recognised). */
export function printDiagnosis(diagnosis: Diagnosis, options: PrintOptions, io: CliIo): number {
  if (options.json) io.stdout.write(renderJson(diagnosis));
  else {
    const text = renderText(diagnosis, {
      color: wantsColor(io, options.color),
      notes: diagnosis.report.notes,
      ...(diagnosis.report.stripped ? { stripped: diagnosis.report.stripped } : {}),
      ...(options.subject ? { subject: options.subject } : {}),
    });
    io.stdout.write(text);
  }
  if (diagnosis.detected.length > 0 || diagnosis.report.collector) return 0;
  const looks = diagnosis.report.looksLike ? ` (it looks like ${diagnosis.report.looksLike})` : '';
  io.stderr.write(
    `netcheck: no command output was recognised in this input${looks}. It reads a collector report (netcheck collector) or one pasted output such as conntrack -S, iptables-save, ip route, dmesg or resolv.conf.\n`,
  );
  return 1;
}
