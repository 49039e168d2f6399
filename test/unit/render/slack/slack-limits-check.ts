// An independent reading of Slack's message limits (platform-facts §2), used to check every rendered message.
// Written apart from the renderer's budget code, so a bug there cannot hide here.
import type { SlackMessage } from '../../../../src/render/slack/slack-message.js';

type Json = Record<string, unknown>;

const asTexts = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
const textOf = (value: unknown): string => String((value as Json | undefined)?.text ?? '');

/** Every limit a message breaks, as readable strings (empty when the message is fine). */
export function limitViolations(message: SlackMessage): string[] {
  const problems: string[] = [];
  const blocks = message.blocks as Json[];
  if (blocks.length > 50) problems.push(`${blocks.length} blocks`);
  if (message.text.length > 4000) problems.push(`text ${message.text.length}`);
  if (message.text.length === 0) problems.push('empty text');
  let total = 0;
  const checkText = (where: string, text: string, max: number) => {
    total += text.length;
    if (text.length > max) problems.push(`${where}: ${text.length} > ${max}`);
    if (text.trim().length === 0) problems.push(`${where}: empty`);
  };
  blocks.forEach((block, i) => {
    const where = `block ${i} (${block.type})`;
    if (typeof block.block_id === 'string' && block.block_id.length > 255) problems.push(`${where}: block_id`);
    switch (block.type) {
      case 'header':
        checkText(where, textOf(block.text), 150);
        if ((block.text as Json).type !== 'plain_text') problems.push(`${where}: header not plain_text`);
        break;
      case 'section': {
        if (block.text) checkText(where, textOf(block.text), 3000);
        const fields = asTexts(block.fields);
        if (fields.length > 10) problems.push(`${where}: ${fields.length} fields`);
        for (const field of fields) checkText(`${where} field`, textOf(field), 2000);
        if (!block.text && fields.length === 0) problems.push(`${where}: no text`);
        break;
      }
      case 'context': {
        const elements = asTexts(block.elements);
        if (elements.length > 10 || elements.length === 0) problems.push(`${where}: ${elements.length} elements`);
        for (const element of elements) checkText(`${where} element`, textOf(element), 3000);
        break;
      }
      case 'actions': {
        const elements = asTexts(block.elements);
        if (elements.length > 25 || elements.length === 0) problems.push(`${where}: ${elements.length} elements`);
        for (const button of elements) {
          checkText(`${where} button`, textOf(button.text), 75);
          const value = String(button.value ?? '');
          total += value.length;
          if (value.length > 2000) problems.push(`${where}: value ${value.length}`);
          if (String(button.action_id).length > 255) problems.push(`${where}: action_id`);
        }
        break;
      }
      case 'divider':
        break;
      default:
        problems.push(`${where}: unknown block type`);
    }
  });
  if (total > 12_000) problems.push(`total text ${total} > 12000`);
  return problems;
}

/** The mrkdwn and plain texts of a message, the fallback included. */
export function allTexts(message: SlackMessage): string[] {
  const out = [message.text];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if (key === 'text' && typeof v === 'string') out.push(v);
        else walk(v);
      }
    }
  };
  walk(message.blocks);
  return out;
}

/** Pings, user mentions or raw links that text from alerts or users could smuggle in. */
export function unsafeSequences(message: SlackMessage): string[] {
  return allTexts(message).flatMap((text) => text.match(/<[!@]/g) ?? []);
}

/** Texts whose code fences do not pair up. */
export function unbalancedFences(message: SlackMessage): string[] {
  return allTexts(message).filter((text) => (text.split('```').length - 1) % 2 !== 0);
}
