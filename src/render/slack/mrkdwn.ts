// Making text from users, alerts and nodes safe for Slack mrkdwn: nothing in it can ping, link or break formatting
// out of a code block. Pure.

/** Zero-width space: breaks a run of backticks (or a fence) without changing what a reader sees. */
const ZWSP = '\u200b';

/**
 * Escapes `&`, `<` and `>` as Slack asks, so `<!channel>`, `<@U123>` or `<http://x|y>` in alert or node text shows
 * as typed and cannot mention anyone or hide a link. A ``` in the text is split with zero-width spaces, so it cannot
 * open a code block that swallows the rest of the message.
 */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/`{3,}/g, (run) => [...run].join(ZWSP));
}

/**
 * A fenced code block of raw text. The text is escaped, and every run of backticks in it is split with zero-width
 * spaces, so the text can neither close the fence early nor open a new one.
 */
export function codeBlock(text: string): string {
  const body = escapeMrkdwn(text.replace(/\r\n?/g, '\n')).replace(/`{2,}/g, (run) => [...run].join(ZWSP));
  return `\`\`\`\n${body === '' ? ' ' : body}\n\`\`\``;
}

/** Inline code of raw text (one line): backticks inside become a look-alike so the span cannot end early. */
export function inlineCode(text: string): string {
  const body = escapeMrkdwn(text.replace(/[\r\n]+/g, ' ')).replace(/`/g, 'ˋ');
  return `\`${body === '' ? ' ' : body}\``;
}

/**
 * Text for a `plain_text` object (headers, buttons) from raw input: Slack shows plain text as typed, so `<` and `>`
 * become single angle quotes (no `<!…>` sequence can reach Slack), line breaks become spaces and fences are split.
 */
export function plainText(text: string): string {
  return text
    .replace(/</g, '‹')
    .replace(/>/g, '›')
    .replace(/[\r\n]+/g, ' ')
    .replace(/`{3,}/g, (run) => [...run].join(ZWSP));
}

/** Bold mrkdwn of raw text; `*` inside would end the bold early, so it becomes a look-alike. */
export function bold(text: string): string {
  const body = escapeMrkdwn(text.replace(/[\r\n]+/g, ' ')).replace(/\*/g, '∗');
  return body.trim() === '' ? body : `*${body}*`;
}

/** A channel link `<#C123>` when `id` is a Slack conversation id; otherwise the id as escaped text. */
export function channelLink(id: string): string {
  return /^[CGD][A-Z0-9]{2,}$/.test(id) ? `<#${id}>` : escapeMrkdwn(id);
}
