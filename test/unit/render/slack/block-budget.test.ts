import { describe, expect, it } from 'vitest';
import { fitBudget, textLength } from '../../../../src/render/slack/block-budget.js';
import { actions, type Block, button, context, fields, header, section } from '../../../../src/render/slack/blocks.js';
import { codeBlock } from '../../../../src/render/slack/mrkdwn.js';
import { truncateMrkdwn, truncatePlain } from '../../../../src/render/slack/truncate.js';
import { limitViolations, unbalancedFences } from './slack-limits-check.js';

const message = (blocks: Block[]) => ({ text: 'x', blocks });

describe('truncateMrkdwn', () => {
  it('leaves short text alone', () => {
    expect(truncateMrkdwn('short', 10)).toBe('short');
  });

  it('closes a code block it cuts into', () => {
    const text = `title\n${codeBlock('line\n'.repeat(2000))}`;
    const cut = truncateMrkdwn(text, 3000);
    expect(cut.length).toBeLessThanOrEqual(3000);
    expect(cut.endsWith('…\n```')).toBe(true);
    expect(cut.split('```').length - 1).toBe(2);
  });

  it('does not leave half an entity, a half link or half an emoji', () => {
    expect(truncateMrkdwn(`${'a'.repeat(10)}&amp;${'b'.repeat(20)}`, 17)).toBe(`${'a'.repeat(10)}…`);
    expect(truncateMrkdwn(`${'a'.repeat(10)}<#C0123ABCD>${'b'.repeat(20)}`, 19)).toBe(`${'a'.repeat(10)}…`);
    expect(truncatePlain(`${'a'.repeat(9)}😀😀`, 11)).toBe(`${'a'.repeat(9)}…`);
  });
});

describe('fitBudget', () => {
  it('clamps every block to its own limit with a visible ellipsis', () => {
    const blocks = fitBudget(
      [
        header('h'.repeat(400)),
        section(`intro\n${codeBlock('x'.repeat(5000))}`),
        fields(Array.from({ length: 14 }, (_, i) => `f${i} ${'y'.repeat(2500)}`)),
        context(...Array.from({ length: 14 }, (_, i) => `c${i}`)),
        actions(button('b'.repeat(100), 'netcheck_rerun', 'v'.repeat(3000))),
      ],
      { items: { start: 0, end: 0 }, maxText: 100_000 },
    );
    // The total is left to maxText here; every per-block limit holds.
    expect(limitViolations(message(blocks)).filter((p) => !p.startsWith('total'))).toEqual([]);
    expect(unbalancedFences(message(blocks))).toEqual([]);
    const [h, s, f, c] = blocks as [Block, Block, Block, Block];
    expect(h.type === 'header' && h.text.text.endsWith('…')).toBe(true);
    expect(s.type === 'section' && s.text?.text.length).toBe(3000);
    expect(f.type === 'section' && f.fields?.length).toBe(10);
    expect(f.type === 'section' && f.fields?.[9]?.text).toBe('… 5 more');
    expect(c.type === 'context' && c.elements.map((e) => e.text).at(-1)).toBe('… 5 more');
  });

  it('leaves out items from the end and says how many, keeping the head and the buttons', () => {
    const items = Array.from({ length: 80 }, (_, i) => section(`finding ${i}`));
    const blocks = fitBudget([header('verdict'), ...items, actions(button('Re-run', 'netcheck_rerun', 'inc-1'))]);
    expect(blocks).toHaveLength(50);
    expect(blocks[0]?.type).toBe('header');
    expect(blocks.at(-1)?.type).toBe('actions');
    expect(JSON.stringify(blocks.at(-2))).toContain('… 33 more findings — full report in the attached file');
    expect(JSON.stringify(blocks.at(-3))).toContain('finding 46');
  });

  it('keeps the total text under about 12 000 characters', () => {
    const items = Array.from({ length: 20 }, (_, i) => section(`${i} ${'z'.repeat(2500)}`));
    const blocks = fitBudget([header('verdict'), ...items], { noun: 'rows', rest: 'see the file' });
    expect(textLength(blocks)).toBeLessThanOrEqual(12_000);
    expect(blocks).toHaveLength(1 + 4 + 1);
    expect(JSON.stringify(blocks.at(-1))).toContain('… 16 more rows — see the file');
  });

  it('counts items the caller left out', () => {
    const blocks = fitBudget([header('v'), section('one')], { hidden: 7 });
    expect(JSON.stringify(blocks.at(-1))).toContain('… 7 more findings');
  });

  it('shrinks blocks that must stay when they alone are too large', () => {
    const big = Array.from({ length: 6 }, () => section('q'.repeat(2900)));
    const blocks = fitBudget(big, { items: { start: 0, end: 0 } });
    expect(blocks).toHaveLength(6);
    expect(textLength(blocks)).toBeLessThanOrEqual(12_000);
    expect(limitViolations(message(blocks))).toEqual([]);
  });

  it('never sends an empty text', () => {
    const blocks = fitBudget([section('  '), header('')], { items: { start: 0, end: 0 } });
    expect(limitViolations(message(blocks))).toEqual([]);
  });
});
