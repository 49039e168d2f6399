// Findings of a pasted text or collector report, and their ids as `id:severity`, for analyzer tests.
import { diagnoseText } from '../../../src/diagnose.js';
import type { Finding } from '../../../src/domain/finding.js';

/** Every finding for a pasted text or collector report. */
export function findings(text: string): Finding[] {
  return diagnoseText(text).findings;
}

/** Findings as `id:severity`, in order. */
export function idsOf(list: readonly { id: string; severity: string }[]): string[] {
  return list.map((f) => `${f.id}:${f.severity}`);
}

/** The findings of a text as `id:severity`, in order. */
export function ids(text: string): string[] {
  return idsOf(findings(text));
}

/** The finding with this id, if any. */
export function finding(text: string, id: string): Finding | undefined {
  return findings(text).find((f) => f.id === id);
}
