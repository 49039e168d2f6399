import { describe, expect, it } from 'vitest';
import {
  bold,
  channelLink,
  codeBlock,
  escapeMrkdwn,
  inlineCode,
  plainText,
} from '../../../../src/render/slack/mrkdwn.js';

describe('escapeMrkdwn', () => {
  it('escapes the three characters Slack reserves', () => {
    expect(escapeMrkdwn('a & b < c > d')).toBe('a &amp; b &lt; c &gt; d');
  });

  it('turns mentions and links in alert text into inert text', () => {
    expect(escapeMrkdwn('<!channel> <!here> <@U123> <!subteam^S1> <http://evil|click>')).toBe(
      '&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; &lt;!subteam^S1&gt; &lt;http://evil|click&gt;',
    );
  });

  it('breaks a code fence in the text, so it cannot swallow the rest of a message', () => {
    expect(escapeMrkdwn('a ``` b `` c')).toBe('a `\u200b`\u200b` b `` c');
  });

  it('escapes an ampersand first, so an entity in the text stays visible as typed', () => {
    expect(escapeMrkdwn('&lt;!channel&gt;')).toBe('&amp;lt;!channel&amp;gt;');
  });
});

describe('codeBlock', () => {
  it('fences the text and escapes it', () => {
    expect(codeBlock('count <!channel> & more')).toBe('```\ncount &lt;!channel&gt; &amp; more\n```');
  });

  it('cannot be closed early by backticks in the text', () => {
    const block = codeBlock('before ``` *not bold* ``` after `` x');
    const inner = block.slice(4, -4);
    expect(inner).not.toContain('```');
    expect(inner).not.toContain('``');
    expect(block.match(/```/g)).toHaveLength(2);
    expect(inner.replace(/\u200b/g, '')).toBe('before ``` *not bold* ``` after `` x');
  });

  it('keeps a block for empty text and normalises line ends', () => {
    expect(codeBlock('')).toBe('```\n \n```');
    expect(codeBlock('a\r\nb\rc')).toBe('```\na\nb\nc\n```');
  });
});

describe('inline helpers', () => {
  it('inlineCode keeps one span and one line', () => {
    expect(inlineCode('a`b\nc <x>')).toBe('`aˋb c &lt;x&gt;`');
  });

  it('bold cannot be ended early by an asterisk', () => {
    expect(bold('Conn*track <!here>')).toBe('*Conn∗track &lt;!here&gt;*');
  });

  it('plainText leaves no angle brackets for Slack to parse', () => {
    expect(plainText('<!channel> on\nnode-7')).toBe('‹!channel› on node-7');
  });

  it('channelLink links only real conversation ids', () => {
    expect(channelLink('C0123ABC')).toBe('<#C0123ABC>');
    expect(channelLink('<!channel>')).toBe('&lt;!channel&gt;');
    expect(channelLink('general')).toBe('general');
  });
});
