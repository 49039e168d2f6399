// The margins decoration puts at the start of a paste's lines: line numbers in their usual forms, a bar at a fixed
// column (a table, a harness, a service-name column), box frames; and which first characters no decoration uses.

/** A per-line margin (line number, border, service name) whose shape the lines of one run share. */
export interface Margin {
  /** `number`: consecutive line numbers; `bar`: a bar at the same column. */
  type: 'number' | 'bar';
  /** Separator form (number) or bar character and column (bar): what every line of the run shares. */
  key: string;
  /** Length of the margin on this line. */
  length: number;
  /** The line number, for `number`. */
  n?: number;
  /** The line ends with the bar that opened it (a box): the closing bar and padding go too. */
  closed?: boolean;
}

const NUMBER_FORMS: readonly [string, RegExp][] = [
  ['cat -n', /^ *(\d{1,7})\t/],
  ['L', /^L(\d{1,7})(?:[: ]|$)/],
  ['pipe', /^ *(\d{1,7}) *[|│¦] ?/],
  ['grep -n', /^(\d{1,7}):/],
  ['space', /^ *(\d{1,7})(?: |$)/],
];
const BAR = /^( *(?:[A-Za-z][\w.-]* +)?(?:\d{1,7} *)?)([│┃║|¦])(?: |$)/;
/** A box's edge: box-drawing characters with a horizontal line among them, or an ASCII table rule (`+-----+`). */
export const FRAME = /^\s*(?:[\u2500-\u257f]*[─━═┄┅┈┉╌╍][\u2500-\u257f ]*|\+[-=+]{3,}\+)\s*$/;
export const LIKELY_MARGIN = /^ *(?:L?\d|[│┃║|¦]|[A-Za-z][\w.-]* +[│┃║|¦])/;

export function marginOf(text: string): Margin | undefined {
  if (!LIKELY_MARGIN.test(text)) return undefined;
  for (const [key, re] of NUMBER_FORMS) {
    const m = re.exec(text);
    if (m) return { type: 'number', key, length: m[0].length, n: Number(m[1]) };
  }
  const bar = BAR.exec(text);
  if (!bar) return undefined;
  return { type: 'bar', key: `${bar[2]}${bar[1]!.length}`, length: bar[0].length };
}

/** Whether `next` continues a run whose last margin was `last`. */
export function continues(last: Margin, next: Margin | undefined): boolean {
  if (!next || next.type !== last.type || next.key !== last.key) return false;
  return last.type === 'bar' || next.n === last.n! + 1;
}

export const FRAME_START = /^\s*[\u2500-\u257f+]/;
const BARS = /[|│┃║¦]/;

/**
 * A line whose first character no decoration starts with: not a digit, capital, space, bracket, bar, box edge, `L`
 * or `--` (line numbers, margins, log prefixes, banners); a lower-case start only without a bar (a service margin).
 */
export function undecorated(text: string): boolean {
  const c = text.charCodeAt(0);
  if (c >= 0x61 && c <= 0x7a) return !BARS.test(text);
  if (c === 0x2d) return text.charCodeAt(1) !== 0x2d;
  return c === 0x2a || c === 0x3a || c === 0x23 || c === 0x3b || c === 0x2f || c === 0x22 || c === 0x7b;
}
