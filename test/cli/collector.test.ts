import { describe, expect, it } from 'vitest';
import { isRoot, netcheck, runProgram } from './run-cli.js';

interface Output {
  detected: string[];
  findings: { id: string; severity: string; evidence: string[] }[];
}

describe('netcheck collector', () => {
  it('prints a POSIX sh script that sh -n accepts, starting with a shebang or a comment', async () => {
    const r = await netcheck(['collector']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^#/);
    const syntax = await runProgram('sh', ['-n'], { input: r.stdout });
    expect(syntax.stderr).toBe('');
    expect(syntax.code).toBe(0);
  });

  it.runIf(isRoot)(
    'netcheck collector | sh -s -- --interval 1 | netcheck analyze --json - gives a complete report',
    async () => {
      const script = await netcheck(['collector']);
      const report = await runProgram('sh', ['-s', '--', '--interval', '1'], { input: script.stdout });
      expect(report.stdout).toMatch(/^#netcheck report version=1 /);
      expect(report.stdout).toMatch(/\n#netcheck end sections=\d+ bytes=\d+\n$/);
      const r = await netcheck(['analyze', '--json', '-'], { input: report.stdout });
      expect(r.code).toBe(0);
      const out: Output = JSON.parse(r.stdout);
      expect(out.findings.filter((f) => f.id === 'report.incomplete')).toEqual([]);
      expect(out.detected).toContain('conntrack-count');
      // The two counter samples must both have been read.
      expect(out.detected).toContain('conntrack-stats');
    },
    60_000,
  );

  it.runIf(isRoot)(
    'netcheck collect --local --interval 1 --json works as root',
    async () => {
      const r = await netcheck(['collect', '--local', '--interval', '1', '--json']);
      expect(r.stderr).not.toMatch(/not running as root/);
      expect(r.code).toBe(0);
      const out: Output = JSON.parse(r.stdout);
      expect(Object.keys(out).sort()).toEqual(['detected', 'findings']);
      expect(out.findings.filter((f) => f.id === 'report.incomplete')).toEqual([]);
      expect(out.detected).toContain('conntrack-count');
    },
    60_000,
  );

  it.runIf(isRoot)(
    'netcheck collect --local --interval 1 prints text findings as root',
    async () => {
      const r = await netcheck(['collect', '--local', '--interval', '1']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^netcheck\b/);
      expect(r.stdout).toMatch(/^read: .*\bconntrack-count\b/m);
    },
    60_000,
  );
});
