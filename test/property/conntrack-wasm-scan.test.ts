import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashRange, sameRange } from '../../src/parse/parsers/byte-range.js';
import * as lineScan from '../../src/parse/parsers/conntrack-line-scan.js';
import { createConntrackBreakdown } from '../../src/parse/parsers/conntrack-list-breakdown.js';
import { stateIndex } from '../../src/parse/parsers/conntrack-tcp-states.js';
import {
  F_COMMON,
  F_DPORT,
  F_DST,
  F_DST_END,
  F_FLAGS,
  F_HASH,
  F_PROTO,
  F_REPLY,
  F_REPLY_END,
  F_SPORT,
  F_STATE,
  F_TIMEOUT,
  FLAG_ASSURED,
  FLAG_DNAT,
  FLAG_UNREPLIED,
  wasmScanner,
} from '../../src/parse/parsers/conntrack-wasm-scanner.js';
import { REAL_LINES } from './arbitraries.js';

const scanner = wasmScanner()!;

/** What `scan` leaves for a line, in the WebAssembly record's terms (offsets in the same bytes). */
function viaScan(b: Uint8Array, start: number, end: number) {
  if (!lineScan.scan(b, start, end)) return undefined;
  const { protoAt, protoEnd, timeout, stateAt, stateEnd, dst, dstEnd, dport, reply, replyEnd, sport } = lineScan;
  const proto = b.subarray(protoAt, protoEnd).toString();
  const dnat = dport !== sport || !sameRange(b, dst + 4, dstEnd, reply + 4, replyEnd);
  return {
    wellFormed: lineScan.shaped && dst > 0 && b[dst - 1] === 32,
    proto: proto === 'tcp' ? 1 : proto === 'udp' ? 2 : proto,
    state: stateAt < 0 ? -1 : stateIndex(b, stateAt, stateEnd - stateAt),
    timeout,
    dst,
    dstEnd,
    dport,
    reply,
    replyEnd,
    sport,
    flags:
      (lineScan.unrepliedFlag ? FLAG_UNREPLIED : 0) |
      (lineScan.assuredFlag ? FLAG_ASSURED : 0) |
      (dnat ? FLAG_DNAT : 0),
    hash: dnat
      ? hashRange(
          b,
          reply + 4,
          replyEnd,
          Math.imul(hashRange(b, dst + 4, dstEnd, 0x811c9dc5 ^ dport), 0x85ebca6b) ^ sport,
        )
      : 0,
  };
}

/** The WebAssembly scanner either declines `line` or records exactly what `scan` leaves; true when it read it. */
function agree(line: string): boolean {
  const { memory, input, records, timeouts } = scanner;
  const length = scanner.loadText(line);
  expect(scanner.scan(input, input + length + 1, 1), line).toBe(1);
  if (records[F_COMMON] !== 1) return false;
  const flags = records[F_FLAGS]!;
  const recorded = {
    wellFormed: true,
    proto: records[F_PROTO],
    state: records[F_STATE],
    timeout: timeouts[F_TIMEOUT],
    dst: records[F_DST],
    dstEnd: records[F_DST_END],
    dport: records[F_DPORT],
    reply: records[F_REPLY],
    replyEnd: records[F_REPLY_END],
    sport: records[F_SPORT],
    flags,
    hash: (flags & FLAG_DNAT) !== 0 ? records[F_HASH] : 0,
  };
  expect(recorded, line).toEqual(viaScan(memory, input, input + length));
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

describe('the WebAssembly scanner records what scan leaves', () => {
  it('on every real tcp/udp entry, which it reads itself', () => {
    expect(CONNTRACK.length).toBeGreaterThan(10);
    const taken = CONNTRACK.filter((l) => agree(l));
    expect(taken.length).toBeGreaterThan(CONNTRACK.length / 2);
  });

  it('on real and generated lines with separators, brackets, keys and digits inserted, replaced or cut', () => {
    let runs = 0;
    let read = 0;
    fc.assert(
      fc.property(mutated, (l) => {
        runs++;
        if (agree(l)) read++;
      }),
      { numRuns: 20_000 },
    );
    expect(read).toBeGreaterThan(runs / 10); // the common path is exercised, not only declined
  });

  it('reads the /proc/net/nf_conntrack prefix; declines other shapes', () => {
    expect(agree(TEMPLATE)).toBe(true);
    expect(agree(`ipv4     2 ${TEMPLATE}`)).toBe(true);
    expect(agree(`ipv6     10 ${TEMPLATE}`)).toBe(true);
    expect(agree(`ipv5     2 ${TEMPLATE}`)).toBe(false);
    expect(agree(` ${TEMPLATE}`)).toBe(false);
    expect(agree(`icmp     1 29 src=10.0.0.1 dst=10.0.0.2 type=8 code=0 id=77 src=10.0.0.2 dst=10.0.0.1`)).toBe(false);
    expect(agree(TEMPLATE.replace('sport=6443', 'sport=x'))).toBe(false);
    expect(agree(TEMPLATE.replace(' dport=443 ', ' dport=443 packets=3 bytes=180 '))).toBe(false);
    expect(agree(TEMPLATE.replace('ESTABLISHED', 'ESTABLISHED_NOT'))).toBe(false);
    expect(agree(TEMPLATE.replace('dport=443', 'dport=4430000000'))).toBe(false);
  });
});

describe('a breakdown counts alike with and without WebAssembly', () => {
  const listing = fc.array(fc.oneof(mutated, fc.constantFrom(...CONNTRACK)), { minLength: 1, maxLength: 60 });

  it('pushLines (windows of many lines) and push (one string at a time) give the result of JavaScript alone', () => {
    fc.assert(
      fc.property(listing, (lines) => {
        const plain = lines.map((l) => l.replace(/[\n\r\u0080-\uffff]/g, ' '));
        const bytes = Buffer.from(`${plain.join('\n')}\n`);
        const js = createConntrackBreakdown({ wasm: false });
        const wasm = createConntrackBreakdown();
        const strings = createConntrackBreakdown();
        // Lines the byte lane does not take go as strings, as the report builder sends them.
        for (let at = 0; at < bytes.length; ) {
          const taken = wasm.pushLines(bytes, at, bytes.length);
          const jsTaken = js.pushLines(bytes, at, bytes.length);
          expect(taken).toEqual(jsTaken);
          at = taken.end;
          if (at >= bytes.length) break;
          const nl = bytes.indexOf(10, at);
          const line = bytes.toString('latin1', at, nl);
          wasm.push(line);
          js.push(line);
          at = nl + 1;
        }
        for (const line of plain) strings.push(line);
        expect(wasm.result()).toEqual(js.result());
        const viaStrings = createConntrackBreakdown({ wasm: false });
        for (const line of plain) viaStrings.push(line);
        expect(strings.result()).toEqual(viaStrings.result());
      }),
      { numRuns: 500 },
    );
  });
});
