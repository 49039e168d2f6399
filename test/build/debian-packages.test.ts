// scripts/debian-packages.sh, the one list of system packages .ci/run, `npm test` and the demo install: with every
// package present it does nothing; without root it stops with the exact apt-get command; as root it installs only
// what is missing. dpkg, apt-get and id are shims on PATH here (the real ones would change this machine).
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const script = new URL('../../scripts/debian-packages.sh', import.meta.url).pathname;
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs the script with shims: `installed` packages known to dpkg, `uid` from id; returns its output and apt's log. */
function run(set: string, installed: string[], uid: number) {
  const dir = mkdtempSync(join(tmpdir(), 'netcheck-pkgs-'));
  dirs.push(dir);
  const shim = (name: string, body: string) => {
    writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  };
  shim('dpkg', `for p in ${installed.join(' ')}; do [ "$2" = "$p" ] && exit 0; done; exit 1`);
  shim('apt-get', `echo "apt-get $*" >> ${join(dir, 'apt.log')}`);
  shim('id', `echo ${uid}`);
  const r = spawnSync('bash', [script, set], {
    encoding: 'utf8',
    env: { PATH: `${dir}:/usr/bin:/bin` },
  });
  let apt = '';
  try {
    apt = readFileSync(join(dir, 'apt.log'), 'utf8');
  } catch {
    // apt-get never ran
  }
  return { status: r.status, stderr: r.stderr, apt };
}

describe('scripts/debian-packages.sh', () => {
  it('does nothing when every package is installed', () => {
    const r = run('demo', ['redis-server'], 0);
    expect(r).toEqual({ status: 0, stderr: '', apt: '' });
  });

  it('without root, stops with the exact install command', () => {
    const r = run('test', ['redis-server', 'conntrack'], 1000);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('sudo apt-get update && sudo apt-get install -y --no-install-recommends iptables');
    expect(r.stderr).not.toContain(' conntrack ');
    expect(r.apt).toBe('');
  });

  it('as root, installs only the missing packages and says so in one line', () => {
    const r = run('demo', [], 0);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('netcheck: installing Debian packages: redis-server\n');
    expect(r.apt).toContain('apt-get install -y -qq --no-install-recommends redis-server');
  });

  it('refuses an unknown set', () => {
    expect(run('everything', [], 0).status).toBe(2);
  });
});
