// Removes chat and terminal decoration from a line: ANSI colours, Slack escapes and links, quote markers, fences.
/** A line with chat and terminal decoration removed, and whether markdown fences stood around it. */
export interface CleanLine {
  text: string;
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
  let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  if (text.includes('\u001b')) text = text.replace(ANSI, '');
  text = text.replace(INVISIBLE, '').replace(ODD_SPACES, ' ');
  if (text.includes('&')) text = text.replace(/&(?:gt|lt|amp|quot|#39);/g, (m) => ENTITIES[m] ?? m);
  if (text.includes('<')) text = text.replace(SLACK_LINK, (_m, url: string, label?: string) => label || url);
  if (text.startsWith('>')) text = text.replace(/^(?:>[ \t]?)+/, '');
  if (!text.includes('```') && !text.includes('~~~')) return { text, fence: false };
  if (FENCE_ONLY.test(text)) return { text: '', fence: true };
  const stripped = text
    .replace(/^\s*```+/, '')
    .replace(/```+\s*$/, '')
    .replace(/```+/g, '');
  if (stripped === text) return { text, fence: false };
  const onlyAfter = /```+\s*$/.test(text) && text.indexOf('```') === text.search(/```+\s*$/) && stripped.trim() !== '';
  return onlyAfter ? { text: stripped, fence: true, fenceAfterText: true } : { text: stripped, fence: true };
}
