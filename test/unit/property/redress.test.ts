// Every real fixture, re-dressed with each decoration real pastes carry, gives the findings of the clean version.
import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../src/diagnose.js';
import { loadRealFixtures } from '../golden/real-fixtures.js';
import { DRESSES } from './dresses.js';

const fixtures = loadRealFixtures();

/**
 * Pairs left out, each with the reason the decoration cannot be undone honestly on that paste. Key:
 * `<dress>/<fixture slug>`.
 */
const EXCLUDED: Record<string, string> = {
  'single spaces/b-ip-d-link-flannel-1500-over-9001-aws-flannel-841':
    '`ip -d link` prints the vxlan details (`vxlan id 1 ... dev eth0`) indented under the link: with the indent gone the line no longer belongs to flannel.1, so the tunnel loses its underlay device',
  'single spaces/b-ip-a-cali-veth-1500-over-eth0-1450-calico-9718':
    '`ip addr` tells an interface line from its indented `link/` and `inet` lines by the indent alone; collapsed, the addresses no longer belong to their interfaces',
};

const findingsOf = (text: string): string[] =>
  diagnoseText(text)
    .findings.map((f) => `${f.id}:${f.severity}`)
    .sort();

const clean = new Map(fixtures.map((f) => [f.slug, findingsOf(f.input)]));

describe('a re-dressed paste gives the findings of the clean one', () => {
  it.each(DRESSES.map((d) => [d.name, d] as const))('%s', (_name, dress) => {
    const differing: string[] = [];
    for (const fixture of fixtures) {
      if (EXCLUDED[`${dress.name}/${fixture.slug}`] !== undefined) continue;
      const got = findingsOf(dress.dress(fixture.input));
      const want = clean.get(fixture.slug)!;
      if (got.join(' ') !== want.join(' ')) {
        differing.push(`${fixture.slug}: got [${got.join(', ')}], clean [${want.join(', ')}]`);
      }
    }
    expect(differing).toEqual([]);
  });

  it('every exclusion names a decoration and a fixture that exist, with a reason', () => {
    const names = new Set(DRESSES.map((d) => d.name));
    const slugs = new Set(fixtures.map((f) => f.slug));
    for (const [key, reason] of Object.entries(EXCLUDED)) {
      const slash = key.indexOf('/');
      expect(names.has(key.slice(0, slash)), key).toBe(true);
      expect(slugs.has(key.slice(slash + 1)), key).toBe(true);
      expect(reason.length, key).toBeGreaterThan(20);
    }
  });
});
