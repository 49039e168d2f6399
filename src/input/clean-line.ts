// Removes chat and terminal decoration from a line: ANSI colours, Slack escapes and links, quote markers, fences,
// HTML tags and entities; says which of them it removed.
/** What `cleanLine` removed from a line, as bits of `CleanLine.removed`. */
export const REMOVED = {
  carriageReturn: 1,
  ansi: 2,
  invisible: 4,
  oddSpaces: 8,
  entities: 16,
  htmlTags: 32,
  quotes: 64,
} as const;

/** A line with chat and terminal decoration removed, and whether markdown fences stood around it. */
export interface CleanLine {
  text: string;
  /** Bits of REMOVED: the decoration removed from the line (absent when none was). */
  removed?: number;
  /** A ``` fence opened or closed on this line (a block boundary). */
  fence: boolean;
  /**
   * The only fence on the line comes after its text (`3104```` closes a block whose last line is `3104`): the text
   * belongs to the block the fence closes, not to the one after it.
   */
  fenceAfterText?: boolean;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour sequences start with ESC.
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;
const INVISIBLE = /\u200b|\u200c|\u200d|\u2060|\ufeff/g;
const ODD_SPACES = /[\u00a0\u2007\u202f]/g;
const SLACK_LINK = /<((?:https?|mailto):[^|>\s]+)(?:\|([^>]*))?>/g;
const ENTITIES: Record<string, string> = { '&gt;': '>', '&lt;': '<', '&amp;': '&', '&quot;': '"', '&#39;': "'" };
/** The tags a web page or an HTML mail wraps output in (`<pre><code>...</code></pre>`): block boundaries. */
const HTML_TAG = /<\/?(?:pre|code|samp|kbd|tt|br|p|div|span|details|summary)\b[^<>]*>/gi;
const FENCE_ONLY = /^\s*(?:```+|~~~+)\s*[\w+-]*\s*$/;
/** Most lines of a large output need none of the work below: one scan tells. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: carriage return and ESC are what this looks for.
const NEEDS_CLEANING = /[\r\u001b&<>`~\u0080-\uffff]/;

/**
 * Removes what chat tools and terminals add around command output: carriage returns, ANSI colours, HTML entities
 * (Slack escapes `<`, `>`, `&`), quote markers, Slack link markup and markdown fences.
 */
export function cleanLine(raw: string): CleanLine {
  if (!NEEDS_CLEANING.test(raw)) return { text: raw, fence: false };
  let removed = 0;
  let text = raw;
  if (text.endsWith('\r')) {
    text = text.slice(0, -1);
    removed |= REMOVED.carriageReturn;
  }
  if (text.includes('\u001b')) {
    const next = text.replace(ANSI, '');
    if (next !== text) removed |= REMOVED.ansi;
    text = next;
  }
  if (/[\u0080-\uffff]/.test(text)) {
    const visible = text.replace(INVISIBLE, '');
    if (visible !== text) removed |= REMOVED.invisible;
    text = visible.replace(ODD_SPACES, ' ');
    if (text !== visible) removed |= REMOVED.oddSpaces;
  }
  let tagBefore = false;
  let tagAfter = false;
  if (text.includes('<')) {
    const untagged = text.replace(HTML_TAG, '');
    if (untagged !== text) {
      removed |= REMOVED.htmlTags;
      const first = text.search(HTML_TAG);
      tagBefore = untagged.trim() === '' || text.slice(0, first).trim() === '';
      tagAfter = !tagBefore;
      text = untagged;
    }
  }
  if (text.includes('&')) {
    const decoded = text.replace(/&(?:gt|lt|amp|quot|#39);/g, (m) => ENTITIES[m] ?? m);
    if (decoded !== text) removed |= REMOVED.entities;
    text = decoded;
  }
  if (text.includes('<')) text = text.replace(SLACK_LINK, (_m, url: string, label?: string) => label || url);
  if (text.startsWith('>')) {
    text = text.replace(/^(?:>[ \t]?)+/, '');
    removed |= REMOVED.quotes;
  }
  if (!text.includes('```') && !text.includes('~~~'))
    return finish({ text, fence: false }, removed, tagBefore, tagAfter);
  if (FENCE_ONLY.test(text)) return finish({ text: '', fence: true }, removed, tagBefore, tagAfter);
  const stripped = text
    .replace(/^\s*```+/, '')
    .replace(/```+\s*$/, '')
    .replace(/```+/g, '');
  if (stripped === text) return finish({ text, fence: false }, removed, tagBefore, tagAfter);
  const onlyAfter = /```+\s*$/.test(text) && text.indexOf('```') === text.search(/```+\s*$/) && stripped.trim() !== '';
  const line: CleanLine = onlyAfter
    ? { text: stripped, fence: true, fenceAfterText: true }
    : { text: stripped, fence: true };
  return finish(line, removed, tagBefore, tagAfter);
}

/** Adds what was removed, and the boundary an HTML tag made (before the text, or after it), to a cleaned line. */
function finish(line: CleanLine, removed: number, tagBefore: boolean, tagAfter: boolean): CleanLine {
  if (removed !== 0) line.removed = removed;
  if (tagBefore && !line.fence) line.fence = true;
  else if (tagAfter && !line.fence) {
    line.fence = true;
    line.fenceAfterText = true;
  }
  return line;
}
