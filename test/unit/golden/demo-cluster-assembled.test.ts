// demo/cluster/node-1.txt and node-2.txt are exactly what scripts/assemble-demo-nodes.ts builds from node-7 and the
// real fixtures its README names: nothing in them was edited by hand.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assembleDemoNodes } from '../../../scripts/assemble-demo-nodes.js';

describe('the assembled demo nodes', () => {
  for (const [node, text] of Object.entries(assembleDemoNodes())) {
    it(`${node} is what the script assembles from the fixtures`, () => {
      expect(readFileSync(new URL(`../../../demo/cluster/${node}.txt`, import.meta.url), 'utf8')).toBe(text);
    });
  }
});
