// Cilium findings render in both outputs: the text report and Slack's Block Kit finding sections.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../src/diagnose.js';
import { renderText } from '../../../src/render/render-text.js';
import { findingBlock } from '../../../src/render/slack/finding-blocks.js';

const fixture = (slug: string) =>
  readFileSync(new URL(`../../fixtures/real/${slug}/input.txt`, import.meta.url), 'utf8');

describe('Cilium findings in the renderers', () => {
  const slugs = [
    'cilium-status-ci-snat-map-missing-controller-failing-cilium-15337',
    'cilium-hubble-exporter-json-ndp-and-policy-drop-docs-export',
    'cilium-metrics-list-unknown-drop-code-14-cilium-8077',
  ];
  const each = slugs.map((slug) => diagnoseText(fixture(slug)));
  const diagnosis = {
    detected: [...new Set(each.flatMap((d) => d.detected))],
    findings: each.flatMap((d) => d.findings),
  };
  const wanted = ['cilium.controllers-failing', 'cilium.policy-drops', 'cilium.drops'];

  it('prints each with its id, evidence and fix in the text report', () => {
    const text = renderText(diagnosis, { color: false });
    for (const id of wanted) expect(text).toContain(id);
    expect(text).toContain('unknown drop reason code 14');
    expect(text).toContain('default/xwing -> default/deathstar-7848d6c4d5-th9v2:80');
  });

  it('gives each a Block Kit section naming its id and evidence', () => {
    for (const id of wanted) {
      const f = diagnosis.findings.find((x) => x.id === id);
      expect(f, id).toBeDefined();
      const block = JSON.stringify(findingBlock(f!));
      expect(block).toContain(id);
      expect(block).toContain(f!.evidence[0]!.slice(0, 30));
    }
  });
});
