import { describe, expect, it } from 'vitest';
import { cleanLine } from '../../../src/input/clean-line.js';
import { commandOf, gluedPrompt } from '../../../src/input/command-line.js';
import { DECORATION_BYTES, isPlainLine } from '../../../src/input/read-lines.js';

/** Real entries (test/fixtures/real/a-conntrack-l-*) and other output lines the byte lane may see. */
const SAMPLES = [
  'tcp      6 56 TIME_WAIT src=10.64.4.48 dst=10.0.0.10 sport=41993 dport=53 src=10.64.1.6 dst=10.64.4.48 sport=53 dport=41993 [ASSURED] mark=0 use=1',
  'udp      17 26 src=192.168.122.185 dst=192.168.122.121 sport=34196 dport=4789 [UNREPLIED] src=192.168.122.121 dst=192.168.122.185 sport=4789 dport=34196 mark=0 use=1',
  'root',
  'root@node-7:/root',
  'x',
  '',
];

describe('plain lines (the byte lane skips cleaning and prompt detection for them)', () => {
  it('every ASCII byte outside DECORATION_BYTES leaves a line unchanged by cleaning and is no prompt', () => {
    for (let c = 0; c < 0x80; c++) {
      if (c === 0x0a || DECORATION_BYTES.includes(c)) continue;
      const ch = String.fromCharCode(c);
      for (const sample of SAMPLES) {
        for (const at of [0, 1, 5, Math.floor(sample.length / 2), sample.length]) {
          for (const insert of [ch, ch.repeat(3), `${ch} `, ` ${ch}`]) {
            const line = sample.slice(0, at) + insert + sample.slice(at);
            expect(cleanLine(line), JSON.stringify(line)).toEqual({ text: line, fence: false });
            expect(commandOf(line), JSON.stringify(line)).toBeUndefined();
            expect(gluedPrompt(line), JSON.stringify(line)).toBeUndefined();
            const bytes = Buffer.from(line, 'latin1');
            expect(isPlainLine(bytes, 0, bytes.length)).toBe(true);
          }
        }
      }
    }
  });

  it('lines with a decoration byte or a non-ASCII byte are not plain', () => {
    for (const c of DECORATION_BYTES) {
      const bytes = Buffer.from(`${SAMPLES[0]}${String.fromCharCode(c)}`, 'latin1');
      expect(isPlainLine(bytes, 0, bytes.length)).toBe(false);
    }
    const bytes = Buffer.from(`${SAMPLES[0]}é`);
    expect(isPlainLine(bytes, 0, bytes.length)).toBe(false);
    expect(isPlainLine(bytes, 0, bytes.length - 2)).toBe(true);
  });
});
