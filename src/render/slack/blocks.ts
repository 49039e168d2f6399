// The few Block Kit shapes (type aliases, so they are plain JSON records for SlackMessage) netcheck's messages use, and small constructors for them. Types only plus pure builders;
// no Slack SDK import (the core stays free of platform packages).
import { plainText } from './mrkdwn.js';

/** A text object: `mrkdwn` (already escaped by the caller) or `plain_text`. */
export type TextObject = { type: 'mrkdwn'; text: string } | { type: 'plain_text'; text: string; emoji?: boolean };

export type SectionBlock = {
  type: 'section';
  text?: TextObject;
  fields?: TextObject[];
  block_id?: string;
};

export type HeaderBlock = {
  type: 'header';
  text: { type: 'plain_text'; text: string; emoji?: boolean };
  block_id?: string;
};

export type ContextBlock = {
  type: 'context';
  elements: TextObject[];
  block_id?: string;
};

export type DividerBlock = {
  type: 'divider';
  block_id?: string;
};

export type ButtonElement = {
  type: 'button';
  text: { type: 'plain_text'; text: string; emoji?: boolean };
  action_id: string;
  value?: string;
  style?: 'primary' | 'danger';
};

export type ActionsBlock = {
  type: 'actions';
  elements: ButtonElement[];
  block_id?: string;
};

/** Every block netcheck sends. */
export type Block = SectionBlock | HeaderBlock | ContextBlock | DividerBlock | ActionsBlock;

/** A section with mrkdwn text (the caller escapes what came from users or alerts). */
export function section(text: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

/** A section of two-column fields (mrkdwn). */
export function fields(items: readonly string[]): SectionBlock {
  return { type: 'section', fields: items.map((text) => ({ type: 'mrkdwn', text })) };
}

/** A header; `text` is raw and made safe here (plain text, emoji codes allowed). */
export function header(text: string): HeaderBlock {
  return { type: 'header', text: { type: 'plain_text', text: plainText(text), emoji: true } };
}

/** A context line of mrkdwn elements (small grey text). */
export function context(...texts: string[]): ContextBlock {
  return { type: 'context', elements: texts.map((text) => ({ type: 'mrkdwn', text })) };
}

export function divider(): DividerBlock {
  return { type: 'divider' };
}

/** A button; `text` is raw and made safe here. */
export function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): ButtonElement {
  return {
    type: 'button',
    text: { type: 'plain_text', text: plainText(text), emoji: true },
    action_id: actionId,
    value,
    ...(style ? { style } : {}),
  };
}

export function actions(...buttons: ButtonElement[]): ActionsBlock {
  return { type: 'actions', elements: buttons };
}
