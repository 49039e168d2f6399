import { diagnoseText } from '../../../src/diagnose.js';
import type { Finding } from '../../../src/domain/finding.js';

/** Every finding for a pasted text or collector report. */
export function findings(text: string): Finding[] {
  return diagnoseText(text).findings;
}

/** The findings as `id:severity`, in order. */
export function ids(text: string): string[] {
  return findings(text).map((f) => `${f.id}:${f.severity}`);
}

/** The finding with this id, if any. */
export function finding(text: string, id: string): Finding | undefined {
  return findings(text).find((f) => f.id === id);
}
