// The conntrack analyzer tests' helpers: a collector report from sections (test/support/collector-report.ts), a real
// fixture's text, and findings as `id:severity`.
import { type ReportSection, collectorReport as report } from '../../../support/collector-report.js';

export type TestSection = ReportSection;

/** A collector report with `interval` seconds between the two counter samples. */
export function collectorReport(sections: TestSection[], interval = 5): string {
  return report(sections, { interval });
}

export const fixture = async (slug: string): Promise<string> => {
  const { readFileSync } = await import('node:fs');
  return readFileSync(new URL(`../../../fixtures/real/${slug}/input.txt`, import.meta.url), 'utf8');
};

export { idsOf as ids } from '../findings-of.js';
