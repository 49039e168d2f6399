// The WebAssembly reader of common conntrack entries (src/parse/wasm/conntrack-scan.as.ts): one instance per
// process, whose memory is scratch space (lines are copied in, records read out, before any other call).
import type { LinesTaken } from '../../input/read-lines.js';
import { CONNTRACK_SCAN_WASM } from './conntrack-scan-wasm.js';

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
export const RECORD_SLOTS = 16;
export const FLAG_UNREPLIED = 1;
export const FLAG_ASSURED = 2;
export const FLAG_DNAT = 4;

/** Bytes one call reads at most: a longer line is left to the general scanner. */
export const WINDOW_BYTES = 256 * 1024;
/** Records one call leaves at most. */
const MAX_RECORDS = 1024;
/** Where the window starts (the module has no static data; the first page stays unused). */
const INPUT = 65536;
/** After the newline written at the window's end: the scanner reads up to 16 bytes ahead. */
const SLACK = 64;
const RECORDS_AT = INPUT + WINDOW_BYTES + SLACK;

export interface WasmScanner {
  /** The scanner's memory; the window starts at `input`. Offsets in records are offsets in it. */
  readonly memory: Buffer;
  readonly input: number;
  /** Records of the last `scan`, RECORD_SLOTS slots each (F_*); `timeouts` views the same bytes as doubles. */
  readonly records: Int32Array;
  readonly timeouts: Float64Array;
  /** Copies `bytes[start, start + length)` (length ≤ WINDOW_BYTES) to the window and ends it with a newline. */
  load(bytes: Uint8Array, start: number, length: number): void;
  /** Writes `line` (UTF-8) to the window, ended by a newline; its length in bytes, or -1 when it does not fit. */
  loadText(line: string): number;
  /**
   * Records the lines from offset `from` (at most `max`, by default as many as fit), stopping before the line that
   * ends at `to` (the newline `load` wrote); how many.
   */
  scan(from: number, to: number, max?: number): number;
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
  FLAG_UNREPLIED,
  FLAG_ASSURED,
  FLAG_DNAT,
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

let shared: WasmScanner | null | undefined;

/** The process's scanner, or undefined where WebAssembly is missing (`node --jitless`): then JavaScript reads all. */
export function wasmScanner(): WasmScanner | undefined {
  if (shared === undefined) {
    try {
      shared = instantiate();
    } catch {
      shared = null;
    }
  }
  return shared ?? undefined;
}

function instantiate(): WasmScanner {
  const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (api === undefined) throw new Error('no WebAssembly');
  const module = new api.Module(Buffer.from(CONNTRACK_SCAN_WASM, 'base64'));
  const exports = new api.Instance(module, {}).exports;
  for (const [name, value] of Object.entries(LAYOUT)) {
    const global = exports[name] as { value: number } | undefined;
    if (global?.value !== value) throw new Error(`conntrack scanner: ${name} is not ${value}`);
  }
  const memory = exports.memory as WasmMemory;
  const size = RECORDS_AT + MAX_RECORDS * RECORD_SLOTS * 4;
  const pages = Math.ceil(size / 65536) - memory.buffer.byteLength / 65536;
  if (pages > 0) memory.grow(pages);
  const scanLines = exports.scanLines as (from: number, to: number, out: number, max: number) => number;
  const bytes = Buffer.from(memory.buffer);
  return {
    memory: bytes,
    input: INPUT,
    records: new Int32Array(memory.buffer, RECORDS_AT, MAX_RECORDS * RECORD_SLOTS),
    timeouts: new Float64Array(memory.buffer, RECORDS_AT, (MAX_RECORDS * RECORD_SLOTS) / 2),
    load(source, start, length) {
      bytes.set(source.subarray(start, start + length), INPUT);
      bytes[INPUT + length] = 10;
      bytes.fill(0, INPUT + length + 1, INPUT + length + SLACK);
    },
    loadText(line) {
      if (line.length * 3 > WINDOW_BYTES) return -1;
      const length = bytes.write(line, INPUT, 'utf8');
      bytes[INPUT + length] = 10;
      bytes.fill(0, INPUT + length + 1, INPUT + length + SLACK);
      return length;
    },
    scan(from, to, max = MAX_RECORDS) {
      return scanLines(from, to, RECORDS_AT, Math.min(max, MAX_RECORDS));
    },
  };
}

/**
 * Reads the lines of `bytes[start, end)` (each ended by a newline before `end`) window by window, in order: `common`
 * gets each common entry's record (slot `r` of `s.records`, offsets in `s.memory`), `other` every other line (its
 * bytes in `bytes`) and returns false to stop there. Returns how many lines were read and where the rest begins
 * (a line longer than a window, or one not ended before `end`, is left).
 */
export function scanWindows(
  s: WasmScanner,
  bytes: Uint8Array,
  start: number,
  end: number,
  common: (r: number) => void,
  other: (lineStart: number, lineEnd: number) => boolean,
): LinesTaken {
  const { input, records } = s;
  let lines = 0;
  let at = start;
  while (at < end) {
    const length = Math.min(end - at, WINDOW_BYTES);
    s.load(bytes, at, length);
    const shift = at - input;
    let next = at;
    for (let n = s.scan(input, input + length); n > 0; n = s.scan(next - shift, input + length)) {
      for (let r = 0; r < n * RECORD_SLOTS; r += RECORD_SLOTS) {
        const lineEnd = records[r + F_END]! + shift;
        if (records[r + F_COMMON] === 1) common(r);
        else if (!other(records[r + F_START]! + shift, lineEnd)) return { lines, end: next };
        lines++;
        next = lineEnd + 1;
      }
    }
    if (next === at) break;
    at = next;
  }
  return { lines, end: at };
}
