// docs/slack-app-manifest.yaml creates the Slack app the bot expects: its command, shortcut, request URLs and scopes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ANALYZE_SHORTCUT, SLASH_COMMAND } from '../../src/render/slack/action-ids.js';

const root = new URL('../../', import.meta.url).pathname;
const manifest = parse(readFileSync(join(root, 'docs/slack-app-manifest.yaml'), 'utf8')) as {
  features: {
    slash_commands: { command: string; url: string }[];
    shortcuts: { type: string; callback_id: string }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: { interactivity: { is_enabled: boolean; request_url: string } };
};

describe('docs/slack-app-manifest.yaml', () => {
  it('declares the slash command and the message shortcut the Bolt app listens for', () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual([SLASH_COMMAND]);
    expect(manifest.features.shortcuts).toEqual([
      expect.objectContaining({ type: 'message', callback_id: ANALYZE_SHORTCUT }),
    ]);
  });

  it("sends commands and interactions to Bolt's default POST /slack/events", () => {
    expect(new URL(manifest.features.slash_commands[0]!.url).pathname).toBe('/slack/events');
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(new URL(manifest.settings.interactivity.request_url).pathname).toBe('/slack/events');
  });

  it('asks for the scopes the bot uses and no more', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([
      'chat:write',
      'commands',
      'files:write',
      'usergroups:read',
    ]);
  });
});
