// The check the new-finding render tests share: the finding `id` drawn from `text` shows its id, title and evidence
// in the text output, and its id, first evidence line (escaped) and fix in its Block Kit section, within Slack's
// 3000-character limit.
import { expect } from 'vitest';
import { diagnoseText } from '../../../src/diagnose.js';
import { renderText } from '../../../src/render/render-text.js';
import { findingBlock } from '../../../src/render/slack/finding-blocks.js';

export function expectRenderedEverywhere(id: string, text: string, evidencePrefix = 50): void {
  const diagnosis = diagnoseText(text);
  const f = diagnosis.findings.find((x) => x.id === id);
  expect(f, `${id} is drawn`).toBeDefined();
  if (!f) return;
  const out = renderText(diagnosis, { color: false });
  expect(out).toContain(id);
  expect(out).toContain(f.title);
  for (const line of f.evidence) expect(out).toContain(line);
  const mrkdwn = findingBlock(f).text?.text ?? '';
  expect(mrkdwn).toContain(id);
  const escaped = (f.evidence[0] ?? '').replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
  expect(mrkdwn).toContain(escaped.slice(0, evidencePrefix));
  expect(mrkdwn).toContain('*Fix*');
  expect(mrkdwn.length).toBeLessThanOrEqual(3000);
}
