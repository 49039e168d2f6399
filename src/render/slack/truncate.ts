// Shortening text to a length limit with a visible "…", without leaving a broken code fence, entity or link. Pure.

export const ELLIPSIS = '…';
const FENCE = '```';

/** Drops a dangling high surrogate so a cut never splits an emoji or other astral character. */
function safeCut(text: string, length: number): string {
  const cut = text.slice(0, Math.max(0, length));
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

/**
 * Shortens mrkdwn to at most `max` characters, ending in "…". A cut inside a code block closes the fence; a cut
 * inside an `&amp;`-style entity or a `<…>` link drops the partial piece.
 */
export function truncateMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  const closing = `\n${FENCE}`;
  let cut = safeCut(text, max - ELLIPSIS.length - closing.length);
  cut = cut.replace(/&[a-z#0-9]{0,6}$/i, '');
  const open = cut.lastIndexOf('<');
  if (open > cut.lastIndexOf('>')) cut = cut.slice(0, open);
  cut = cut.replace(/`+$/, '');
  const fences = cut.split(FENCE).length - 1;
  return fences % 2 === 1 ? `${cut}${ELLIPSIS}${closing}` : `${cut}${ELLIPSIS}`;
}

/** Shortens plain text to at most `max` characters, ending in "…". */
export function truncatePlain(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${safeCut(text, max - ELLIPSIS.length)}${ELLIPSIS}`;
}

/** At most `max` lines of `lines` (each cut to `width`), with "… N more lines" when some are left out. */
export function limitLines(lines: readonly string[], max: number, width = 300): string[] {
  const shown = lines.slice(0, max).map((line) => truncatePlain(line, width));
  const hidden = lines.length - shown.length;
  if (hidden > 0) shown.push(`${ELLIPSIS} ${hidden} more line${hidden === 1 ? '' : 's'}`);
  return shown;
}
