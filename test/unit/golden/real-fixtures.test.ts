import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../src/diagnose.js';
import { loadRealFixtures, sourceOf } from './real-fixtures.js';

const fixtures = loadRealFixtures();

describe('real outputs from public threads', () => {
  it.each(fixtures.map((f) => [f.slug, f] as const))('%s', (_slug, fixture) => {
    const { detected, findings } = diagnoseText(fixture.input);
    const { expected } = fixture;
    expect(detected, 'detected kinds').toEqual(expect.arrayContaining(expected.detected));

    const allowed = new Set(expected.allowed ?? []);
    const serious = findings
      .filter((f) => f.severity !== 'info' && !allowed.has(f.id))
      .map((f) => `${f.id}:${f.severity}`)
      .sort();
    const wanted = expected.findings
      .filter((f) => !allowed.has(f.id))
      .map((f) => `${f.id}:${f.severity}`)
      .sort();
    expect(serious, 'warning and critical findings').toEqual(wanted);

    const infos = findings.filter((f) => f.severity === 'info').map((f) => f.id);
    expect(infos, 'info findings').toEqual(expect.arrayContaining(expected.info ?? []));
    for (const finding of findings) {
      expect(finding.evidence.length, `${finding.id} has evidence`).toBeGreaterThan(0);
    }
  });
});

describe('the fixture set', () => {
  it('keeps provenance beside every input', () => {
    for (const f of fixtures) {
      expect(sourceOf(f.readme), `${f.slug}/README.md Source: URL`).toMatch(/^https?:\/\//);
      expect(f.readme, `${f.slug}/README.md Date:`).toMatch(/Date\W[\s\S]{0,200}?(\b(19|20)\d{2}\b|unknown \(.+\))/i);
      expect(f.readme, `${f.slug}/README.md Conclusion:`).toMatch(/Conclusion/i);
    }
  });

  it('has at least 60 fixtures from at least 30 sources, a third of them healthy or misleading', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(60);
    const sources = new Set(fixtures.map((f) => sourceOf(f.readme)?.replace(/#.*$/, '')));
    expect(sources.size).toBeGreaterThanOrEqual(30);
    const quiet = fixtures.filter((f) => f.expected.findings.length === 0 || /misleading/i.test(f.readme));
    expect(quiet.length * 3).toBeGreaterThanOrEqual(fixtures.length);
  });
});
