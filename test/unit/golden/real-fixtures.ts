import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface FixtureExpectation {
  detected: string[];
  findings: { id: string; severity: string }[];
  info?: string[];
  allowed?: string[];
}

export interface RealFixture {
  slug: string;
  input: string;
  readme: string;
  expected: FixtureExpectation;
}

export const REAL_FIXTURES_DIR = new URL('../../fixtures/real/', import.meta.url);

/** Every fixture folder under test/fixtures/real that has an input.txt. */
export function loadRealFixtures(): RealFixture[] {
  const dir = REAL_FIXTURES_DIR.pathname;
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'input.txt')))
    .map((d) => d.name)
    .sort()
    .map((slug) => ({
      slug,
      input: readFileSync(join(dir, slug, 'input.txt'), 'utf8'),
      readme: existsSync(join(dir, slug, 'README.md')) ? readFileSync(join(dir, slug, 'README.md'), 'utf8') : '',
      expected: JSON.parse(readFileSync(join(dir, slug, 'expected.json'), 'utf8')) as FixtureExpectation,
    }));
}

/** The `Source:` URL of a fixture's README. */
export function sourceOf(readme: string): string | undefined {
  return /^\W*Source\W*\s*<?(https?:\/\/[^\s>)\]]+)/im.exec(readme)?.[1];
}
