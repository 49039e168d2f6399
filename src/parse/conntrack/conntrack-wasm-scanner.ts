// The WebAssembly reader of common conntrack entries (src/parse/conntrack/wasm/conntrack-scan.as.ts): one instance per
// listing, whose memory holds the window lines are copied into, the records and tally read out after each call, and
// the top lists' sketches once they estimate.
import { CONNTRACK_SCAN_WASM } from './conntrack-scan.generated.js';

/** Record fields, as indexes into `WasmScanner.records` from a record's first slot (the module's R_* / 4). */
export const F_START = 0;
export const F_END = 1;
export const F_COMMON = 2;
export const F_PROTO = 3;
export const F_STATE = 4;
export const F_DST = 5;
export const F_DST_END = 6;
export const F_DPORT = 7;
export const F_REPLY = 8;
export const F_REPLY_END = 9;
export const F_SPORT = 10;
export const F_FLAGS = 11;
export const F_HASH = 12;
/** The timeout's index in `WasmScanner.timeouts` from a record's first slot / 2. */
export const F_TIMEOUT = 7;
export const F_ESTIMATE_A = 16;
export const F_ESTIMATE_B = 17;
export const RECORD_SLOTS = 18;
export const FLAG_UNREPLIED = 1;
export const FLAG_ASSURED = 2;
export const FLAG_DNAT = 4;
/** The top lists take this pair (the tally said they sample; when one counts every pair, it takes all). */
export const FLAG_TAKE_A = 8;
export const FLAG_TAKE_B = 16;

/** The tally of a call, as indexes into `WasmScanner.tally` (the module's T_* / 4). */
export const T_LINES = 0;
export const T_NEXT = 1;
export const T_TCP = 2;
export const T_UDP = 3;
export const T_UNREPLIED = 4;
export const T_ASSURED = 5;
export const T_UDP_UNREPLIED = 6;
export const T_LONG = 7;
export const T_DNAT = 8;
export const T_LONG_MIN = 9;
export const T_A_SAMPLED = 10;
export const T_A_TURN = 11;
export const T_B_SAMPLED = 12;
export const T_B_TURN = 13;
export const T_STRIDE = 14;
export const T_ICMP = 15;
export const T_ICMPV6 = 29;
export const T_ICMPV6_FIRST = 30;
/** The largest timeout's index in `WasmScanner.tallyMax`. */
export const T_MAX_TIMEOUT = 8;
export const T_STATES = 18;
export const T_A_ROWS = 32;
export const T_B_ROWS = 33;
export const T_A_FLOOR = 34;
export const T_B_FLOOR = 35;
const TALLY_BYTES = 144;

/** Bytes one call reads at most: a longer line is left to the general scanner. */
export const WINDOW_BYTES = 256 * 1024;
/** Records one call leaves at most. */
const MAX_RECORDS = 1024;
/** Where the window starts (the module has no static data; the first page stays unused). */
const INPUT = 65536;
/** After the newline written at the window's end: the scanner reads up to 16 bytes ahead. */
const SLACK = 64;
const RECORDS_AT = INPUT + WINDOW_BYTES + SLACK;
const TALLY_AT = RECORDS_AT + MAX_RECORDS * RECORD_SLOTS * 4;
/** The two top lists' sketches: two rows of 2^16 u32 each (untouched, so not resident, until a list samples). */
const ROWS_AT = Math.ceil((TALLY_AT + TALLY_BYTES) / 65536) * 65536;
const ROW_CELLS = 1 << 16;

export interface WasmScanner {
  /** The scanner's memory; the window starts at `input`. Offsets in records are offsets in it. */
  readonly memory: Buffer;
  readonly input: number;
  /** Records of the last `scan`, RECORD_SLOTS slots each (F_*); `timeouts` views the same bytes as doubles. */
  readonly records: Int32Array;
  readonly timeouts: Float64Array;
  /** Sketch rows of top list 0 (all DNAT pairs) and 1 (UDP `[UNREPLIED]` ones), for the tally's T_*_ROWS. */
  rows(list: 0 | 1): { at: number; a: Uint32Array; b: Uint32Array };
  /** The tally of the last `scan` (T_*), with its inputs; `tallyMax` views it as doubles. */
  readonly tally: Uint32Array;
  readonly tallyMax: Float64Array;
  /** Copies `bytes[start, start + length)` (length ≤ WINDOW_BYTES) to the window and ends it with a newline. */
  load(bytes: Uint8Array, start: number, length: number): void;
  /**
   * Writes `line` (UTF-8) to the window, ended by a newline and then another, so that `scan(input, input + length
   * + 1)` reads it alone; its length in bytes, or -1 when it does not fit.
   */
  loadText(line: string): number;
  /**
   * Reads the lines from offset `from`, stopping before the line that ends at `to` (the newline `load` wrote): counts
   * the common entries into `tally` (set its inputs first) and records what JavaScript must count; how many records.
   */
  scan(from: number, to: number): number;
}

const LAYOUT: Record<string, number> = {
  RECORD_BYTES: RECORD_SLOTS * 4,
  R_START: F_START * 4,
  R_END: F_END * 4,
  R_COMMON: F_COMMON * 4,
  R_PROTO: F_PROTO * 4,
  R_STATE: F_STATE * 4,
  R_DST: F_DST * 4,
  R_DST_END: F_DST_END * 4,
  R_DPORT: F_DPORT * 4,
  R_REPLY: F_REPLY * 4,
  R_REPLY_END: F_REPLY_END * 4,
  R_SPORT: F_SPORT * 4,
  R_FLAGS: F_FLAGS * 4,
  R_HASH: F_HASH * 4,
  R_TIMEOUT: F_TIMEOUT * 8,
  R_ESTIMATE_A: F_ESTIMATE_A * 4,
  R_ESTIMATE_B: F_ESTIMATE_B * 4,
  FLAG_UNREPLIED,
  FLAG_ASSURED,
  FLAG_DNAT,
  FLAG_TAKE_A,
  FLAG_TAKE_B,
  T_LINES: T_LINES * 4,
  T_NEXT: T_NEXT * 4,
  T_TCP: T_TCP * 4,
  T_UDP: T_UDP * 4,
  T_UNREPLIED: T_UNREPLIED * 4,
  T_ASSURED: T_ASSURED * 4,
  T_UDP_UNREPLIED: T_UDP_UNREPLIED * 4,
  T_LONG: T_LONG * 4,
  T_DNAT: T_DNAT * 4,
  T_LONG_MIN: T_LONG_MIN * 4,
  T_A_SAMPLED: T_A_SAMPLED * 4,
  T_A_TURN: T_A_TURN * 4,
  T_B_SAMPLED: T_B_SAMPLED * 4,
  T_B_TURN: T_B_TURN * 4,
  T_STRIDE: T_STRIDE * 4,
  T_ICMP: T_ICMP * 4,
  T_ICMPV6: T_ICMPV6 * 4,
  T_ICMPV6_FIRST: T_ICMPV6_FIRST * 4,
  T_MAX_TIMEOUT: T_MAX_TIMEOUT * 8,
  T_STATES: T_STATES * 4,
  T_A_ROWS: T_A_ROWS * 4,
  T_B_ROWS: T_B_ROWS * 4,
  T_A_FLOOR: T_A_FLOOR * 4,
  T_B_FLOOR: T_B_FLOOR * 4,
  TALLY_BYTES,
};

/** The part of the WebAssembly API used here (the project's type library has no DOM types). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** The compiled module, once per process; null where WebAssembly is missing (`node --jitless`). */
let compiled: { api: WebAssemblyApi; module: object } | null | undefined;

/**
 * A scanner of its own (its memory holds a listing's sketches), or undefined where WebAssembly is missing: then
 * JavaScript reads every line.
 */
export function createWasmScanner(): WasmScanner | undefined {
  if (compiled === undefined) {
    const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
    try {
      compiled = api ? { api, module: new api.Module(Buffer.from(CONNTRACK_SCAN_WASM, 'base64')) } : null;
    } catch {
      compiled = null;
    }
  }
  if (!compiled) return undefined;
  try {
    return instantiate(compiled.api, compiled.module);
  } catch {
    return undefined; // no memory to reserve for one more instance: this listing is read by JavaScript
  }
}

function instantiate(api: WebAssemblyApi, module: object): WasmScanner {
  const exports = new api.Instance(module, {}).exports;
  for (const [name, value] of Object.entries(LAYOUT)) {
    const global = exports[name] as { value: number } | undefined;
    if (global?.value !== value) throw new Error(`conntrack scanner: ${name} is not ${value}`);
  }
  const memory = exports.memory as WasmMemory;
  const size = ROWS_AT + 4 * ROW_CELLS * 4;
  const pages = Math.ceil(size / 65536) - memory.buffer.byteLength / 65536;
  if (pages > 0) memory.grow(pages);
  const scanLines = exports.scanLines as (from: number, to: number, out: number, max: number, tally: number) => number;
  const bytes = Buffer.from(memory.buffer);
  const rows = ([0, 1] as const).map((list) => {
    const at = ROWS_AT + list * 2 * ROW_CELLS * 4;
    return {
      at,
      a: new Uint32Array(memory.buffer, at, ROW_CELLS),
      b: new Uint32Array(memory.buffer, at + ROW_CELLS * 4, ROW_CELLS),
    };
  });
  return {
    memory: bytes,
    input: INPUT,
    records: new Int32Array(memory.buffer, RECORDS_AT, MAX_RECORDS * RECORD_SLOTS),
    timeouts: new Float64Array(memory.buffer, RECORDS_AT, (MAX_RECORDS * RECORD_SLOTS) / 2),
    tally: new Uint32Array(memory.buffer, TALLY_AT, TALLY_BYTES / 4),
    tallyMax: new Float64Array(memory.buffer, TALLY_AT, TALLY_BYTES / 8),
    load(source, start, length) {
      bytes.set(source.subarray(start, start + length), INPUT);
      bytes[INPUT + length] = 10;
      bytes.fill(0, INPUT + length + 1, INPUT + length + SLACK);
    },
    rows(list) {
      return rows[list]!;
    },
    loadText(line) {
      if (line.length * 3 > WINDOW_BYTES) return -1;
      const length = bytes.write(line, INPUT, 'utf8');
      bytes[INPUT + length] = 10;
      bytes[INPUT + length + 1] = 10;
      bytes.fill(0, INPUT + length + 2, INPUT + length + SLACK);
      return length;
    },
    scan(from, to) {
      return scanLines(from, to, RECORDS_AT, MAX_RECORDS, TALLY_AT);
    },
  };
}
