/** Builds a collector report (docs/report-format.md) from sections, for analyzer tests. */
export interface TestSection {
  name: string;
  kind: string;
  at?: number;
  cmd?: string;
  body: string[];
}

export function collectorReport(sections: TestSection[], interval = 5): string {
  const lines = [`#netcheck report version=1 host=node-7 start=1732380000 interval=${interval} deadline=60`];
  for (const s of sections) {
    lines.push(
      `#netcheck section name=${s.name} kind=${s.kind} status=ok rc=0 ms=3 at=${s.at ?? 1732380000} truncated=0 cmd=${s.cmd ?? s.name}`,
      ...s.body,
    );
  }
  const text = `${lines.join('\n')}\n`;
  return `${text}#netcheck end sections=${sections.length} bytes=${Buffer.byteLength(text)}\n`;
}

export const fixture = async (slug: string): Promise<string> => {
  const { readFileSync } = await import('node:fs');
  return readFileSync(new URL(`../../../fixtures/real/${slug}/input.txt`, import.meta.url), 'utf8');
};

/** `id:severity` of every finding, for compact assertions. */
export function ids(findings: { id: string; severity: string }[]): string[] {
  return findings.map((f) => `${f.id}:${f.severity}`);
}
