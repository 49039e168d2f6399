import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conntrackBlocks } from '../../../bench/lib/conntrack-gen.mjs';
import { hashRange, sameRange } from '../../../src/parse/conntrack/byte-range.js';
import * as lineScan from '../../../src/parse/conntrack/conntrack-line-scan.js';
import { createConntrackBreakdown } from '../../../src/parse/conntrack/conntrack-list-breakdown.js';
import { NONE_STATE, stateIndex } from '../../../src/parse/conntrack/conntrack-tcp-states.js';
import {
  createWasmScanner,
  F_COMMON,
  F_DPORT,
  F_DST,
  F_DST_END,
  F_FLAGS,
  F_HASH,
  F_REPLY,
  F_REPLY_END,
  F_SPORT,
  FLAG_DNAT,
  T_ASSURED,
  T_DNAT,
  T_ICMP,
  T_ICMPV6,
  T_LINES,
  T_LONG_MIN,
  T_MAX_TIMEOUT,
  T_STATES,
  T_TCP,
  T_UDP,
  T_UNREPLIED,
} from '../../../src/parse/conntrack/conntrack-wasm-scanner.js';
import { REAL_LINES } from './arbitraries.js';

const scanner = createWasmScanner()!;

/** What `scan` leaves for a line, in the scanner's terms (offsets in the same bytes); ports only where recorded. */
function viaScan(b: Uint8Array, start: number, end: number) {
  if (!lineScan.scan(b, start, end)) return undefined;
  const { protoAt, protoEnd, timeout, stateAt, stateEnd, dst, dstEnd, dport, reply, replyEnd, sport } = lineScan;
  const proto = b.subarray(protoAt, protoEnd).toString();
  // An entry without ports (ICMP) is never DNAT-counted.
  const dnat = reply >= 0 && dport >= 0 && (dport !== sport || !sameRange(b, dst + 4, dstEnd, reply + 4, replyEnd));
  const stale = proto === 'udp' && lineScan.unrepliedFlag;
  return {
    wellFormed: lineScan.shaped && dst > 0 && b[dst - 1] === 32,
    proto: proto === 'tcp' ? 1 : proto === 'udp' ? 2 : proto,
    state: proto !== 'tcp' ? -1 : stateAt < 0 ? NONE_STATE : stateIndex(b, stateAt, stateEnd - stateAt),
    timeout,
    unreplied: lineScan.unrepliedFlag,
    assured: lineScan.assuredFlag,
    dnat,
    recorded:
      dnat || stale
        ? {
            dst,
            dstEnd,
            dport,
            reply,
            replyEnd,
            sport,
            hash: dnat
              ? hashRange(
                  b,
                  reply + 4,
                  replyEnd,
                  Math.imul(hashRange(b, dst + 4, dstEnd, 0x811c9dc5 ^ dport), 0x85ebca6b) ^ sport,
                )
              : 0,
          }
        : undefined,
  };
}

/** The WebAssembly scanner either declines `line` or reads exactly what `scan` leaves; true when it read it. */
function agree(line: string): boolean {
  const { memory, input, records, tally, tallyMax } = scanner;
  const length = scanner.loadText(line);
  tally.set([86401, 0, 0, 0, 0, 4], T_LONG_MIN); // every pair taken: recorded
  const n = scanner.scan(input, input + length + 1);
  if (tally[T_LINES] === 0) {
    expect(n, line).toBe(1);
    expect(records[F_COMMON], line).toBe(0);
    return false;
  }
  const flags = records[F_FLAGS]!;
  const states = [...tally.subarray(T_STATES, T_STATES + 11)];
  const read = {
    wellFormed: true,
    proto:
      tally[T_TCP] === 1
        ? 1
        : tally[T_UDP] === 1
          ? 2
          : tally[T_ICMP] === 1
            ? 'icmp'
            : tally[T_ICMPV6] === 1
              ? 'icmpv6'
              : 0,
    state: tally[T_TCP] === 1 ? states.indexOf(1) : -1,
    timeout: tallyMax[T_MAX_TIMEOUT],
    unreplied: tally[T_UNREPLIED] === 1,
    assured: tally[T_ASSURED] === 1,
    dnat: tally[T_DNAT] === 1,
    recorded:
      n === 1
        ? {
            dst: records[F_DST],
            dstEnd: records[F_DST_END],
            dport: records[F_DPORT],
            reply: records[F_REPLY],
            replyEnd: records[F_REPLY_END],
            sport: records[F_SPORT],
            hash: (flags & FLAG_DNAT) !== 0 ? records[F_HASH] : 0,
          }
        : undefined,
  };
  expect(read, line).toEqual(viaScan(memory, input, input + length));
  return true;
}

const CONNTRACK = REAL_LINES.filter((l) => /(?:tcp|udp|icmp|icmpv6)\s+\d+\s+\d+ .*src=/.test(l));
const TEMPLATE =
  'tcp      6 431999 ESTABLISHED src=10.244.1.5 dst=10.96.0.1 sport=40000 dport=443 [UNREPLIED] src=10.0.0.7 dst=10.244.1.5 sport=6443 dport=40000 [ASSURED] mark=0 use=1';
const ICMP =
  'icmp     1 29 src=10.0.0.1 dst=10.0.0.2 type=8 code=0 id=77 [UNREPLIED] src=10.0.0.2 dst=10.0.0.1 type=0 code=0 id=77 mark=0 use=1';
const ICMPV6 =
  'icmpv6   58 29 src=fe80::1 dst=ff02::1 type=135 code=0 id=0 src=ff02::1 dst=fe80::1 type=136 code=0 id=0 [ASSURED] mark=0 zone=3 use=1';
/** Bytes that change how a line is read: separators, brackets, digits, letters of the keys. */
const PIECES = [' ', '  ', '\t', '\r', '[', ']', '=', '0', '9', 'x', 's', 'd', 'm', 'src=', 'dst=', 'sport=', 'dport='];
const PIECES_MORE = ['[UNREPLIED]', '[ASSURED]', 'é', '\u0001', 'tcp', 'udp', 'packets=1', 'zone=2'];

const mutated = fc
  .tuple(
    fc.constantFrom(TEMPLATE, ICMP, ICMPV6, ...CONNTRACK),
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

  it('reads the /proc/net/nf_conntrack prefix and ICMP; declines other shapes', () => {
    expect(agree(TEMPLATE)).toBe(true);
    expect(agree(`ipv4     2 ${TEMPLATE}`)).toBe(true);
    expect(agree(`ipv6     10 ${TEMPLATE}`)).toBe(true);
    expect(agree(`ipv5     2 ${TEMPLATE}`)).toBe(false);
    expect(agree(` ${TEMPLATE}`)).toBe(false);
    expect(agree(ICMP)).toBe(true);
    expect(agree(ICMPV6)).toBe(true);
    expect(agree(`ipv6     10 ${ICMPV6}`)).toBe(true);
    expect(agree(ICMP.replace('code=0 id=77 [', 'code=0 id=77 sport=1 ['))).toBe(false);
    expect(agree(ICMP.replace('use=1', 'sport=9 [ASSURED] use=1'))).toBe(false);
    expect(agree(ICMP.replace('icmp ', 'icmpx'))).toBe(false);
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
        // Key order too: byProto lists protocols as they first came.
        expect(JSON.stringify(wasm.result())).toBe(JSON.stringify(js.result()));
        const viaStrings = createConntrackBreakdown({ wasm: false });
        for (const line of plain) viaStrings.push(line);
        expect(strings.result()).toEqual(viaStrings.result());
      }),
      { numRuns: 500 },
    );
  });

  /** Feeds `buffer` to a breakdown with and without WebAssembly, in runs cut mid-line; both results. */
  function feedBoth(buffer: Buffer, lines: number) {
    const wasm = createConntrackBreakdown();
    const js = createConntrackBreakdown({ wasm: false });
    let taken = 0;
    for (let at = 0; at < buffer.length; ) {
      const end = Math.min(buffer.length, at + 700_001);
      const a = wasm.pushLines(buffer, at, end);
      expect(js.pushLines(buffer, at, end)).toEqual(a);
      taken += a.lines;
      if (a.end < end && a.end === at) {
        const nl = buffer.indexOf(10, at);
        const line = buffer.toString('latin1', at, nl);
        expect(wasm.push(line)).toBe(js.push(line));
        at = nl + 1;
        taken++;
      } else at = a.end;
    }
    expect(taken).toBe(lines);
    return { wasm: wasm.result(), js: js.result() };
  }

  it('also once the top lists estimate (a generated busy node: sampled pairs, the stride shared with JavaScript)', () => {
    // Synthetic by design: more distinct DNAT pairs than the exact table holds, ICMP lines between TCP and UDP
    // ones, and runs cut mid-line.
    const { buffer, lines } = conntrackBlocks(11, 1, 3_000_000)[0]!;
    const { wasm, js } = feedBoth(buffer, lines);
    expect(wasm.approximate).toBe(true);
    expect(wasm.total).toBeGreaterThan(15_000);
    expect(JSON.stringify(wasm)).toBe(JSON.stringify(js));
  });

  it('also when both top lists estimate (many distinct UDP [UNREPLIED] DNAT pairs, a few heavy ones)', () => {
    // Synthetic: 30,000 UDP lines to 6,000 distinct service/pod pairs plus 3 heavy DNS pairs, among TCP lines.
    const out: string[] = [];
    let seed = 7;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    for (let i = 0; i < 30_000; i++) {
      const heavy = next(4) === 0;
      const pair = heavy ? next(3) : next(6000);
      const svc = heavy ? `10.96.0.${10 + pair}` : `10.96.${pair >> 8}.${pair & 255}`;
      const pod = heavy ? `10.244.0.${2 + pair}` : `10.244.${((pair * 7) >> 8) & 255}.${(pair * 7) & 255}`;
      const port = 1024 + next(60000);
      const unreplied = next(3) === 0 ? '' : '[UNREPLIED] ';
      out.push(
        `udp      17 ${next(30)} src=10.1.${next(200)}.${next(250)} dst=${svc} sport=${port} dport=53 ${unreplied}src=${pod} dst=10.1.0.1 sport=53 dport=${port} mark=0 use=1`,
      );
      if (next(5) === 0) {
        out.push(
          `tcp      6 ${next(400000)} ESTABLISHED src=10.1.0.9 dst=${svc} sport=${port} dport=443 src=${pod} dst=10.1.0.9 sport=8443 dport=${port} [ASSURED] mark=0 use=1`,
        );
      }
    }
    const buffer = Buffer.from(`${out.join('\n')}\n`);
    const { wasm, js } = feedBoth(buffer, out.length);
    expect(wasm.approximate).toBe(true);
    expect(wasm.udpUnrepliedDnat.length).toBeGreaterThan(3);
    expect(JSON.stringify(wasm)).toBe(JSON.stringify(js));
  });
});
