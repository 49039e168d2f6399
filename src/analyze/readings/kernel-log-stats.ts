// One kernel message class summed over a report's kernel logs, and how the log analyzers quote it as evidence.
import type { Report } from '../../domain/report.js';
import { itemsOf } from '../../parse/items-of.js';
import { type KernelMessageClass, type KernelMessageStat, kernelLogParser } from '../../parse/logs/kernel-log.js';

/** One message class summed over every kernel log block of a report, or undefined when none printed it. */
export function kernelStat(report: Report, cls: KernelMessageClass): KernelMessageStat | undefined {
  let total: KernelMessageStat | undefined;
  for (const item of itemsOf(report, kernelLogParser)) {
    const s = item.value.classes[cls];
    if (!s || s.count === 0) continue;
    if (!total) {
      total = { ...s, examples: [...s.examples] };
      continue;
    }
    total.count += s.count;
    total.suppressed += s.suppressed;
    for (const e of s.examples) if (total.examples.length < 3) total.examples.push(e);
    if (s.last !== undefined) {
      total.last = s.last;
      if (s.clock === total.clock && s.lastSeconds !== undefined) total.lastSeconds = s.lastSeconds;
      else delete total.lastSeconds;
    }
    if (total.first === undefined && s.first !== undefined) {
      total.first = s.first;
      total.clock = s.clock;
      total.firstSeconds = s.firstSeconds;
    }
  }
  return total;
}

/** `14 times between [1454500.910215] and [1454509.461217] (8.6 s)`, plus the suppressed count. */
export function describeOccurrences(s: KernelMessageStat): string {
  let text = `${s.count} time${s.count === 1 ? '' : 's'}`;
  if (s.first !== undefined && s.last !== undefined && s.first !== s.last) {
    text += ` between ${s.first} and ${s.last}`;
    if (s.firstSeconds !== undefined && s.lastSeconds !== undefined && s.lastSeconds >= s.firstSeconds) {
      text += ` (${formatSpan(s.lastSeconds - s.firstSeconds)})`;
    }
  } else if (s.first !== undefined) {
    text += ` at ${s.first}`;
  }
  if (s.suppressed > 0) {
    text += `, plus ${s.suppressed} more suppressed by the kernel's rate limit (callbacks suppressed): ${s.count + s.suppressed} in total`;
  }
  return text;
}

export function formatSpan(seconds: number): string {
  if (seconds < 120) return `${Number(seconds.toFixed(1))} s`;
  if (seconds < 7200) return `${Number((seconds / 60).toFixed(1))} min`;
  if (seconds < 172800) return `${Number((seconds / 3600).toFixed(1))} h`;
  return `${Number((seconds / 86400).toFixed(1))} days`;
}

export function exampleLines(s: KernelMessageStat, n = 2): string[] {
  return s.examples.slice(0, n).map((e) => `e.g. ${e}`);
}

/** The evidence for one kernel message class: the message quoted with how often and when it was seen, then examples. */
export function kernelLogEvidence(message: string, s: KernelMessageStat): string[] {
  return [`kernel log: "${message}" ${describeOccurrences(s)}`, ...exampleLines(s)];
}
