// Reads a Dockerfile statically (no Docker daemon here): its instructions with continuation lines joined and
// comments dropped, grouped by build stage.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './load-manifests.js';

/** One instruction: its keyword upper-cased and the rest of the line. */
export type Instruction = [keyword: string, rest: string];

/** The instructions of the Dockerfile at `path` (relative to the repository root), in order. */
export function dockerfileInstructions(path: string): Instruction[] {
  return readFileSync(join(repoRoot, path), 'utf8')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return [keyword.toUpperCase(), rest.join(' ')];
    });
}

/** The arguments of every instruction with this keyword. */
export function argsOf(instructions: Instruction[], keyword: string): string[] {
  return instructions.filter(([k]) => k === keyword).map(([, rest]) => rest);
}

/** The instructions split into build stages, each starting at its FROM. */
export function stages(instructions: Instruction[]): Instruction[][] {
  const out: Instruction[][] = [];
  for (const instruction of instructions) {
    if (instruction[0] === 'FROM') out.push([]);
    out.at(-1)?.push(instruction);
  }
  return out;
}
