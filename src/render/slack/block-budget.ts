// The one place Slack's message limits are enforced: every renderer passes its blocks through fitBudget, so no
// message netcheck sends can be rejected for size (invalid_blocks, msg_blocks_too_long). Pure.
import type { Block, ButtonElement, TextObject } from './blocks.js';
import { context } from './blocks.js';
import { SLACK_LIMITS } from './slack-limits.js';
import { ELLIPSIS, truncateMrkdwn, truncatePlain } from './truncate.js';

export interface BudgetOptions {
  /**
   * The blocks `[start, end)` that may be left out, last first, when the message is too large (findings, table
   * rows). @defaultValue every block after the first, up to the trailing actions blocks
   */
  items?: { start: number; end: number };
  /** Items the caller already left out, counted in the "N more" line. @defaultValue 0 */
  hidden?: number;
  /** What an item is, in the "N more …" line. @defaultValue 'findings' */
  noun?: string;
  /** Where the rest can be read. @defaultValue 'full report in the attached file' */
  rest?: string;
  /** @defaultValue SLACK_LIMITS.blocks */
  maxBlocks?: number;
  /** @defaultValue SLACK_LIMITS.totalText */
  maxText?: number;
}

/** The smallest a text is shrunk to when the blocks that must stay are too large together. */
const MIN_SHRINK = 200;

/**
 * Fits blocks into Slack's limits: each block is clamped (section 3000, header 150, fields 10 × 2000, context 10,
 * buttons 75/2000, ids 255, with a visible "…"), then items are left out from the end until the message has at most
 * 50 blocks and about 12 000 characters, and one context line says "N more findings — full report in the attached
 * file". Blocks that must stay are shrunk as a last resort.
 */
export function fitBudget(blocks: readonly Block[], options: BudgetOptions = {}): Block[] {
  const maxBlocks = options.maxBlocks ?? SLACK_LIMITS.blocks;
  const maxText = options.maxText ?? SLACK_LIMITS.totalText;
  const clamped = blocks.map(clampBlock);
  const range = itemRange(clamped, options.items);
  const head = clamped.slice(0, range.start);
  const items = clamped.slice(range.start, range.end);
  const tail = clamped.slice(range.end);
  const hidden = options.hidden ?? 0;
  const note = (dropped: number) =>
    context(
      `${ELLIPSIS} ${dropped} more ${options.noun ?? 'findings'} — ${options.rest ?? 'full report in the attached file'}`,
    );
  const fixed = textLength(head) + textLength(tail);
  let kept = items.length;
  let itemText = textLength(items);
  const over = () => {
    const dropped = items.length - kept + hidden;
    const extra = dropped > 0 ? 1 : 0;
    const count = head.length + kept + tail.length + extra;
    const text = fixed + itemText + (dropped > 0 ? textLength([note(dropped)]) : 0);
    return count > maxBlocks || text > maxText;
  };
  while (kept > 0 && over()) {
    kept--;
    itemText -= textLength([items[kept]!]);
  }
  const dropped = items.length - kept + hidden;
  let out = [...head, ...items.slice(0, kept), ...(dropped > 0 ? [note(dropped)] : []), ...tail];
  if (out.length > maxBlocks) {
    // Too many blocks that must stay: keep the first ones and the trailing actions.
    const actions: Block[] = tail.filter((b) => b.type === 'actions').slice(-1);
    out = [...out.filter((b) => !actions.includes(b)).slice(0, maxBlocks - actions.length), ...actions];
  }
  return shrinkToFit(out, maxText);
}

/** Total characters of the text and values of blocks, as Slack counts a message's size. */
export function textLength(blocks: readonly Block[]): number {
  let total = 0;
  for (const block of blocks) for (const text of textsOf(block)) total += text.length;
  return total;
}

function textsOf(block: Block): string[] {
  switch (block.type) {
    case 'section':
      return [...(block.text ? [block.text.text] : []), ...(block.fields ?? []).map((f) => f.text)];
    case 'header':
      return [block.text.text];
    case 'context':
      return block.elements.map((e) => e.text);
    case 'actions':
      return block.elements.flatMap((e) => [e.text.text, e.value ?? '', e.action_id]);
    default:
      return [];
  }
}

function itemRange(blocks: readonly Block[], items: BudgetOptions['items']): { start: number; end: number } {
  if (items) {
    const start = Math.min(Math.max(items.start, 0), blocks.length);
    return { start, end: Math.min(Math.max(items.end, start), blocks.length) };
  }
  let end = blocks.length;
  while (end > 1 && blocks[end - 1]?.type === 'actions') end--;
  return { start: Math.min(1, end), end };
}

function clampText(text: TextObject, max: number): TextObject {
  const value = text.text.trim() === '' ? ELLIPSIS : text.text;
  if (text.type === 'plain_text') return { ...text, text: truncatePlain(value, max) };
  return { ...text, text: truncateMrkdwn(value, max) };
}

function clampId<T extends { block_id?: string }>(block: T): T {
  return block.block_id && block.block_id.length > SLACK_LIMITS.id
    ? { ...block, block_id: block.block_id.slice(0, SLACK_LIMITS.id) }
    : block;
}

function clampButton(button: ButtonElement): ButtonElement {
  return {
    ...button,
    text: { ...button.text, text: truncatePlain(button.text.text || ELLIPSIS, SLACK_LIMITS.buttonText) },
    action_id: button.action_id.slice(0, SLACK_LIMITS.id),
    ...(button.value !== undefined ? { value: button.value.slice(0, SLACK_LIMITS.buttonValue) } : {}),
  };
}

/** One block within its own limits. */
export function clampBlock(block: Block): Block {
  switch (block.type) {
    case 'section': {
      const out = clampId({ ...block });
      if (block.text) out.text = clampText(block.text, SLACK_LIMITS.sectionText);
      if (block.fields) {
        const kept = block.fields.slice(0, SLACK_LIMITS.fields).map((f) => clampText(f, SLACK_LIMITS.fieldText));
        const hidden = block.fields.length - kept.length;
        if (hidden > 0) kept[kept.length - 1] = { type: 'mrkdwn', text: `${ELLIPSIS} ${hidden + 1} more` };
        out.fields = kept;
      }
      return out;
    }
    case 'header':
      return clampId({
        ...block,
        text: { ...block.text, text: truncatePlain(block.text.text || ELLIPSIS, SLACK_LIMITS.headerText) },
      });
    case 'context': {
      const max = SLACK_LIMITS.contextElements;
      const elements = block.elements.map((e) => clampText(e, SLACK_LIMITS.contextText));
      if (elements.length > max) {
        const hidden = elements.length - (max - 1);
        elements.splice(max - 1, hidden, { type: 'mrkdwn', text: `${ELLIPSIS} ${hidden} more` });
      }
      return clampId({ ...block, elements });
    }
    case 'actions':
      return clampId({ ...block, elements: block.elements.slice(0, SLACK_LIMITS.actionElements).map(clampButton) });
    default:
      return clampId({ ...block });
  }
}

/** Shrinks the longest texts until the whole message fits `maxText` (only when the kept blocks alone are too big). */
function shrinkToFit(blocks: Block[], maxText: number): Block[] {
  let excess = textLength(blocks) - maxText;
  for (let guard = 0; excess > 0 && guard < 500; guard++) {
    let longest: { text: TextObject; length: number } | undefined;
    for (const text of mrkdwnTexts(blocks)) {
      if (text.text.length > MIN_SHRINK && (!longest || text.text.length > longest.length)) {
        longest = { text, length: text.text.length };
      }
    }
    if (!longest) break;
    const target = Math.max(MIN_SHRINK, longest.length - excess);
    longest.text.text = truncateMrkdwn(longest.text.text, target);
    excess = textLength(blocks) - maxText;
  }
  return blocks;
}

/** The mrkdwn text objects of blocks (already copies made by clampBlock, so changing them is safe). */
function mrkdwnTexts(blocks: readonly Block[]): TextObject[] {
  return blocks.flatMap((block) => {
    if (block.type === 'section') return [...(block.text ? [block.text] : []), ...(block.fields ?? [])];
    if (block.type === 'context') return block.elements;
    return [];
  });
}
