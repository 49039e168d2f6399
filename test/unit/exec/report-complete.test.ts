import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isReportComplete } from '../../../src/exec/report-complete.js';

// A report printed by the real collector on a test machine (bench/sample-report.txt).
const report = readFileSync(new URL('../../../bench/sample-report.txt', import.meta.url));

describe('isReportComplete', () => {
  it('accepts a whole report, as bytes or text, with or without a shell warning before it', () => {
    expect(isReportComplete(report)).toBe(true);
    expect(isReportComplete(report.toString('utf8'))).toBe(true);
    expect(isReportComplete(Buffer.concat([Buffer.from('sh: warning: setlocale failed\n'), report]))).toBe(true);
  });

  it('rejects a report cut anywhere, or whose byte count does not match', () => {
    const endAt = report.lastIndexOf('#netcheck end');
    for (const cut of [0, 100, endAt - 1, endAt, endAt + 20]) {
      expect(isReportComplete(report.subarray(0, cut)), `cut at ${cut}`).toBe(false);
    }
    const missingMiddle = Buffer.concat([report.subarray(0, 500), report.subarray(600)]);
    expect(isReportComplete(missingMiddle)).toBe(false);
    expect(isReportComplete(Buffer.concat([report, Buffer.from('trailing garbage\n')]))).toBe(false);
    expect(isReportComplete('#netcheck end sections=0 bytes=0\n')).toBe(false);
  });
});
