import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { conntrackBlocks } from '../../bench/lib/conntrack-gen.mjs';
import { createRandom } from '../../bench/lib/prng.mjs';
import { BIN, cleanEnv } from './run-cli.js';

const INPUT_BYTES = 300 * 1024 * 1024;
const RSS_BOUND_MB = 200;

/** ~300 MB of `conntrack -L`, made on the fly from seeded 1 MiB blocks (nothing is stored). */
function conntrackStream(bytes: number): { stream: Readable; sent: () => { bytes: number; lines: number } } {
  const blocks = conntrackBlocks(21, 16, 1 << 20);
  const random = createRandom(22);
  let written = 0;
  let lines = 0;
  const stream = new Readable({
    read() {
      for (let i = 0; i < 4; i++) {
        if (written >= bytes) {
          this.push(null);
          return;
        }
        const block = blocks[Math.floor(random() * blocks.length)]!;
        written += block.buffer.length;
        lines += block.lines;
        if (!this.push(block.buffer)) return;
      }
    },
  });
  return { stream, sent: () => ({ bytes: written, lines }) };
}

/** Peak resident memory of a live process (VmHWM), in MB, or undefined once it is gone. */
function peakRssMb(pid: number): number | undefined {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** 1234567 written with or without thousands separators. */
const countPattern = (n: number) =>
  new RegExp(`(?<![\\d.])${n.toLocaleString('en-US').replaceAll(',', '[,\\s\\u202f_]?')}(?![\\d])`);

describe('streaming a large input', () => {
  it.runIf(process.platform === 'linux')(
    'analyze - reads ~300 MB of conntrack -L with bounded memory and counts every entry',
    async () => {
      const { stream, sent } = conntrackStream(INPUT_BYTES);
      const child = spawn(process.execPath, [BIN, 'analyze', '--json', '-'], { env: cleanEnv() });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (d: Buffer) => out.push(d));
      child.stderr.on('data', (d: Buffer) => err.push(d));
      child.stdin.on('error', () => {});
      let peak = 0;
      const sampler = setInterval(() => {
        peak = Math.max(peak, peakRssMb(child.pid!) ?? 0);
      }, 20);
      const closed = new Promise((resolve) => child.on('close', resolve));
      stream.pipe(child.stdin);
      const code = await new Promise<number | null>((resolve) => {
        child.on('exit', (c) => {
          peak = Math.max(peak, peakRssMb(child.pid!) ?? 0); // a zombie's status still holds VmHWM
          resolve(c);
        });
      });
      clearInterval(sampler);
      await closed;
      const stderr = Buffer.concat(err).toString();
      const stdout = Buffer.concat(out).toString();
      const { bytes, lines } = sent();

      expect(bytes).toBeGreaterThanOrEqual(INPUT_BYTES);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(peak).toBeGreaterThan(0);
      expect(peak).toBeLessThan(RSS_BOUND_MB);
      const result = JSON.parse(stdout) as { detected: string[]; findings: { id: string; evidence: string[] }[] };
      expect(result.detected).toEqual(['conntrack-list']);
      // The number of entries read must show up in some finding's evidence.
      const evidence = result.findings.flatMap((f) => f.evidence.map((e) => `${f.id}: ${e}`));
      expect(
        evidence.some((e) => countPattern(lines).test(e)),
        `${lines} entries in:\n${evidence.join('\n')}`,
      ).toBe(true);
    },
    180_000,
  );
});
