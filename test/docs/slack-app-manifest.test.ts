// docs/slack-app-manifest.yaml (HTTP) and docs/slack-app-manifest-socket-mode.yaml create the Slack app the code
// expects: its slash command and shortcut as the Bolt app registers them, interactivity for the buttons it renders
// and handles, and exactly the scopes of the Web API methods src/ calls.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/main/config.js';
import { ACTION, ANALYZE_SHORTCUT, SLASH_COMMAND } from '../../src/render/slack/action-ids.js';

const root = new URL('../../', import.meta.url).pathname;
const read = (path: string) => readFileSync(join(root, path), 'utf8');

interface Manifest {
  display_information: unknown;
  features: {
    bot_user: unknown;
    slash_commands: { command: string; url?: string }[];
    shortcuts: { type: string; callback_id: string }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: { interactivity: { is_enabled: boolean; request_url?: string }; socket_mode_enabled: boolean };
}
const http = parse(read('docs/slack-app-manifest.yaml')) as Manifest;
const socket = parse(read('docs/slack-app-manifest-socket-mode.yaml')) as Manifest;

/**
 * The bot scopes each Slack Web API method needs (its page on api.slack.com, "Required scopes"). A method src/ calls
 * that is missing here fails the test: add it with its scopes, and the scopes to both manifests.
 */
const METHOD_SCOPES: Record<string, string[]> = {
  'auth.test': [],
  // Called with the app-level token (connections:write, granted when the token is made, not in a manifest).
  'apps.connections.open': [],
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'files.getUploadURLExternal': ['files:write'],
  'files.completeUploadExternal': ['files:write'],
  'usergroups.users.list': ['usergroups:read'],
  // A public channel needs channels:read, a private one groups:read; NETCHECK_CHANNEL may be either.
  'conversations.info': ['channels:read', 'groups:read'],
};

/** Slash commands and shortcuts need the `commands` scope; no Web API call shows that. */
const INTERACTION_SCOPES = ['commands'];

const FAMILIES =
  'admin|api|apps|auth|bookmarks|bots|calls|chat|conversations|dnd|emoji|files|pins|reactions|reminders|search|stars|team|usergroups|users|views|workflows';

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((d) =>
    d.isDirectory()
      ? sourceFiles(join(dir, d.name))
      : d.name.endsWith('.ts') && !d.name.endsWith('.d.ts')
        ? [join(dir, d.name)]
        : [],
  );
}

/** Every Web API method a file of src/ that talks to Slack calls: `apiCall('x.y')` or `client.x.y(...)`. */
function calledMethods(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of sourceFiles('src')) {
    const text = read(file);
    if (!text.includes('@slack/')) continue;
    const code = text
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '')
      .replace(/\s*\n\s*\./g, '.');
    const methods = [
      ...[...code.matchAll(/apiCall(?:<[^>]*>)?\(\s*'([a-z]+\.[A-Za-z.]+)'/g)].map((m) => m[1]!),
      ...[...code.matchAll(new RegExp(`\\.((?:${FAMILIES})(?:\\.[a-zA-Z]+)+)\\(`, 'g'))].map((m) => m[1]!),
    ];
    for (const method of methods) found.set(method, [...(found.get(method) ?? []), file]);
  }
  return found;
}

describe('the Web API methods src/ calls', () => {
  const called = calledMethods();

  it('are found (the scan reads the Slack adapter)', () => {
    for (const method of ['chat.postMessage', 'files.getUploadURLExternal', 'usergroups.users.list', 'auth.test']) {
      expect([...called.keys()]).toContain(method);
    }
  });

  it('each have their scopes listed here', () => {
    const unknown = [...called.keys()].filter((m) => !(m in METHOD_SCOPES));
    expect(unknown.map((m) => `${m} (${called.get(m)?.join(', ')})`)).toEqual([]);
  });
});

describe.each([
  ['docs/slack-app-manifest.yaml', http],
  ['docs/slack-app-manifest-socket-mode.yaml', socket],
])('%s', (_file, manifest) => {
  it('declares the slash command and the message shortcut the Bolt app registers', () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual([SLASH_COMMAND]);
    expect(read('src/adapters/slack/slash-command.ts')).toMatch(/app\.command\(SLASH_COMMAND,/);
    expect(manifest.features.shortcuts).toEqual([
      expect.objectContaining({ type: 'message', callback_id: ANALYZE_SHORTCUT }),
    ]);
    expect(read('src/adapters/slack/message-shortcut.ts')).toMatch(
      /callback_id: ANALYZE_SHORTCUT, type: 'message_action'/,
    );
  });

  it('turns interactivity on for the buttons: each action id is rendered and handled', () => {
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    const rendered = sourceFiles('src/render/slack').map(read).join('\n');
    expect(read('src/adapters/slack/buttons.ts')).toMatch(/for \(const actionId of Object\.values\(ACTION\)\)/);
    for (const [name, id] of Object.entries(ACTION)) {
      expect(rendered, id).toMatch(new RegExp(`button\\([^)]*ACTION\\.${name}\\b`));
      expect(id).toMatch(/^netcheck_[a-z_]+$/);
    }
  });

  it('asks for exactly the scopes of the methods src/ calls, and the commands scope', () => {
    const needed = new Set([
      ...INTERACTION_SCOPES,
      ...[...calledMethods().keys()].flatMap((m) => METHOD_SCOPES[m] ?? []),
    ]);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
  });
});

describe('the two variants', () => {
  it('are the same app but for the request URLs and Socket Mode', () => {
    const strip = (m: Manifest) => ({
      ...m,
      features: { ...m.features, slash_commands: m.features.slash_commands.map(({ url: _url, ...c }) => c) },
      settings: {
        ...m.settings,
        socket_mode_enabled: undefined,
        interactivity: { is_enabled: m.settings.interactivity.is_enabled },
      },
    });
    expect(strip(socket)).toEqual(strip(http));
  });

  it("HTTP: every request goes to Bolt's POST /slack/events, over HTTPS", () => {
    expect(http.settings.socket_mode_enabled).toBe(false);
    for (const url of [http.features.slash_commands[0]?.url, http.settings.interactivity.request_url]) {
      expect(new URL(String(url)).protocol).toBe('https:');
      expect(new URL(String(url)).pathname).toBe('/slack/events');
    }
    const bot = loadConfig(
      {
        SLACK_BOT_TOKEN: 'xoxb-1-2-3',
        SLACK_SIGNING_SECRET: 'signing-secret',
        REDIS_URL: 'redis://r:6379',
        NETCHECK_CHANNEL: 'C0123456789',
      },
      'bot',
    );
    expect(bot.slack.appToken).toBeUndefined();
  });

  it('Socket Mode: no request URL, and the bot needs SLACK_APP_TOKEN instead of a signing secret', () => {
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(JSON.stringify(socket)).not.toMatch(/url/);
    const bot = loadConfig(
      {
        SLACK_BOT_TOKEN: 'xoxb-1-2-3',
        SLACK_APP_TOKEN: 'xapp-1-2-3',
        REDIS_URL: 'redis://r:6379',
        NETCHECK_CHANNEL: 'C0123456789',
      },
      'bot',
    );
    expect(bot.slack.appToken).toBe('xapp-1-2-3');
    expect(bot.slack.signingSecret).toBeUndefined();
  });
});
