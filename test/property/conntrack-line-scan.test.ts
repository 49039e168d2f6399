import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as lineScan from '../../src/parse/parsers/conntrack-line-scan.js';
import { REAL_LINES } from './arbitraries.js';

const { scan, scanCommon } = lineScan;

/** Everything `scan` leaves for the conntrack-list parser. */
function fields() {
  const {
    protoAt,
    protoEnd,
    timeout,
    stateAt,
    stateEnd,
    dst,
    dstEnd,
    dport,
    reply,
    replyEnd,
    sport,
    unrepliedFlag,
    assuredFlag,
    shaped,
  } = lineScan;
  return {
    protoAt,
    protoEnd,
    timeout,
    stateAt,
    stateEnd,
    dst,
    dstEnd,
    dport,
    reply,
    replyEnd,
    sport,
    unrepliedFlag,
    assuredFlag,
    shaped,
  };
}

/** `scanCommon` either declines or leaves exactly what `scan` leaves, for a line inside a chunk (bytes around it). */
function agree(line: string, after = '\n'): boolean {
  const bytes = Buffer.from(`ab\n${line}${after}src= dst= [ASSURED]`);
  const start = 3;
  const end = start + Buffer.byteLength(line);
  if (!scanCommon(bytes, start, end)) return false;
  const common = fields();
  expect(scan(bytes, start, end), line).toBe(true);
  expect(common, line).toEqual(fields());
  return true;
}

const CONNTRACK = REAL_LINES.filter((l) => /(?:tcp|udp)\s+\d+\s+\d+ .*src=/.test(l));
const TEMPLATE =
  'tcp      6 431999 ESTABLISHED src=10.244.1.5 dst=10.96.0.1 sport=40000 dport=443 [UNREPLIED] src=10.0.0.7 dst=10.244.1.5 sport=6443 dport=40000 [ASSURED] mark=0 use=1';
/** Bytes that change how a line is read: separators, brackets, digits, letters of the keys. */
const PIECES = [' ', '  ', '\t', '\r', '[', ']', '=', '0', '9', 'x', 's', 'd', 'm', 'src=', 'dst=', 'sport=', 'dport='];
const PIECES_MORE = ['[UNREPLIED]', '[ASSURED]', 'é', '\u0001', 'tcp', 'udp', 'packets=1', 'zone=2'];

const mutated = fc
  .tuple(
    fc.constantFrom(TEMPLATE, ...CONNTRACK),
    fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.constantFrom(...PIECES, ...PIECES_MORE)), { maxLength: 3 }),
  )
  .map(([line, edits]) => {
    let out = line;
    for (const [at, how, piece] of edits) {
      const i = at % (out.length + 1);
      if (how === 0) out = out.slice(0, i);
      else if (how === 1) out = out.slice(0, i) + piece + out.slice(i);
      else if (how === 2) out = out.slice(0, i) + piece + out.slice(i + piece.length);
      else out = out.slice(0, i) + out.slice(i + 1 + (at % 7));
    }
    return out;
  });

describe('scanCommon (the common-line scanner) leaves what scan leaves', () => {
  it('on every real tcp/udp entry, which it reads itself', () => {
    expect(CONNTRACK.length).toBeGreaterThan(10);
    const taken = CONNTRACK.filter((l) => agree(l));
    expect(taken.length).toBeGreaterThan(CONNTRACK.length / 2);
  });

  it('on real and generated lines with separators, brackets, keys and digits inserted, replaced or cut', () => {
    let runs = 0;
    let read = 0;
    fc.assert(
      fc.property(mutated, fc.constantFrom('\n', '\n', '\r', '\u0000', ' ', 'x'), (l, after) => {
        runs++;
        if (agree(l, after)) read++;
      }),
      { numRuns: 20_000 },
    );
    expect(read).toBeGreaterThan(runs / 10); // the common path is exercised, not only declined
  });

  it('declines a line not followed by a byte below 32 inside its buffer, and other shapes', () => {
    const bytes = Buffer.from(TEMPLATE);
    expect(scanCommon(bytes, 0, bytes.length)).toBe(false);
    expect(agree(TEMPLATE)).toBe(true);
    expect(agree(TEMPLATE, ' ')).toBe(false);
    expect(agree(`icmp     1 29 src=10.0.0.1 dst=10.0.0.2 type=8 code=0 id=77 src=10.0.0.2 dst=10.0.0.1`)).toBe(false);
    expect(agree(`ipv4     2 ${TEMPLATE}`)).toBe(false);
    expect(agree(TEMPLATE.replace('sport=6443', 'sport=x'))).toBe(false);
    expect(agree(TEMPLATE.replace(' dport=443 ', ' dport=443 packets=3 bytes=180 '))).toBe(false);
  });
});
