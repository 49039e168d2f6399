// The README's table of `netcheck serve` settings and the variables the config actually reads stay the same list.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../../src/main/config.js';

const root = new URL('../../', import.meta.url).pathname;
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Run the Slack bot'), readme.indexOf('## The collector'));

/** Variable names in the first column of the section's settings table (`A`, `B` in one cell count as two). */
function documented(): string[] {
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...(line.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]!));
}

describe('README: Run the Slack bot', () => {
  it('documents every variable the config reads, and no other', () => {
    expect(section.length).toBeGreaterThan(1000);
    expect([...new Set(documented())].sort()).toEqual([...CONFIG_VARIABLES].sort());
  });

  it('keeps the names the bot promises: the env variables of the issue and the serve command', () => {
    for (const name of [
      'SLACK_BOT_TOKEN',
      'SLACK_SIGNING_SECRET',
      'SLACK_APP_TOKEN',
      'SLACK_API_URL',
      'REDIS_URL',
      'PORT',
      'ALERTMANAGER_TOKEN',
      'ALERTMANAGER_URL',
      'PROMETHEUS_URL',
      'NETCHECK_CHANNEL',
      'NETCHECK_ALLOWED_USERS',
      'NETCHECK_ALLOWED_GROUPS',
      'NETCHECK_CLUSTER',
      'KUBECONFIG',
    ]) {
      expect(CONFIG_VARIABLES, name).toContain(name);
    }
    expect(section).toContain('netcheck serve [--role all|bot|worker]');
  });
});
