// The whole path with real collectors behind the fake apiserver's exec (lab network namespaces), and the kubectl
// plugin as a user runs it: the built dist/ through kubectl-netcheck on PATH and the real kubectl.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  cleanUpClusters,
  closeClusters,
  cluster,
  clusterHome,
  kubeconfigFor,
  netcheckAgainst,
} from '../support/cluster-cli.js';
import { labCollectorExec } from '../support/exec-handlers.js';
import { makeNode } from '../support/kube-objects.js';
import { canBuildLab, createLabHost, destroyLabHosts, type LabHost } from '../support/lab/lab-host.js';
import { SAMPLE_REPORT } from '../unit/sweep/sweep-helpers.js';
import { BIN, builtCliExists, runProgram } from './run-cli.js';

afterEach(() => closeClusters());
afterAll(async () => {
  destroyLabHosts();
  await cleanUpClusters();
});

const noLab = canBuildLab();
describe.skipIf(noLab)(`real collectors behind exec${noLab ? ` (skipped: ${noLab})` : ''}`, () => {
  it('flags the lab node with many more iptables rules and the one with slow DNS', async () => {
    const hosts = new Map<string, LabHost>();
    for (const name of ['lab-1', 'lab-2', 'lab-3', 'lab-4', 'lab-rules', 'lab-dns']) {
      const host = createLabHost('sw');
      // Every node answers DNS at once (nothing listens on 127.0.0.1:53)...
      host.writeResolvConf('nameserver 127.0.0.1\noptions timeout:1 attempts:1\n');
      hosts.set(name, host);
    }
    // ...except one that drops the queries on the way in: each lookup waits for its timeout.
    for (const [name, host] of hosts) {
      const rules = name === 'lab-rules' ? 3000 : 40;
      host.run(['iptables-restore'], filterRules(rules, name === 'lab-dns'));
    }
    const api = await cluster([...hosts.keys()].map((name) => makeNode(name)));
    api.exec = labCollectorExec((node) => hosts.get(node)?.name);

    const run = await netcheckAgainst(api, ['--all', '--json', '--interval', '1', '--deadline', '30']);
    expect(run.code, run.stderr).toBe(0);
    const body = JSON.parse(run.stdout) as {
      nodes: { node: string; complete: boolean; metrics: Record<string, number> }[];
      hotspots: { node: string; outliers: { metric: string }[] }[];
    };
    expect(body.nodes.every((n) => n.complete)).toBe(true);
    expect(body.nodes.find((n) => n.node === 'lab-rules')!.metrics.iptablesRules).toBe(3000);
    expect(body.nodes.find((n) => n.node === 'lab-1')!.metrics.iptablesRules).toBe(40);
    expect(body.nodes.find((n) => n.node === 'lab-dns')!.metrics.dnsLookupMs).toBeGreaterThanOrEqual(900);
    expect(body.hotspots.map((h) => [h.node, h.outliers.map((o) => o.metric)]).sort()).toEqual([
      ['lab-dns', ['dnsLookupMs']],
      ['lab-rules', ['iptablesRules']],
    ]);
  }, 60_000);
});

/** An iptables-restore input with `rules` rules in the filter table (one of them dropping DNS queries). */
function filterRules(rules: number, dropDns: boolean): string {
  const lines = ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':SWEEP - [0:0]'];
  if (dropDns) lines.push('-A INPUT -p udp --dport 53 -j DROP');
  for (let i = dropDns ? 1 : 0; i < rules; i++)
    lines.push(`-A SWEEP -s 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32 -j ACCEPT`);
  lines.push('COMMIT', '');
  return lines.join('\n');
}

const noKubectl = !builtCliExists()
  ? 'dist/ is not built (npm run build)'
  : spawnSync('kubectl', ['version', '--client']).error
    ? 'no kubectl binary on this machine'
    : undefined;
describe.skipIf(noKubectl)(`kubectl netcheck${noKubectl ? ` (skipped: ${noKubectl})` : ''}`, () => {
  it('runs as a kubectl plugin: `kubectl netcheck node-7` is `netcheck collect node-7`', async () => {
    const api = await cluster([makeNode('node-7'), makeNode('node-8')]);
    api.exec = ({ stdout }) => {
      stdout.write(SAMPLE_REPORT);
      return 0;
    };
    const plugins = mkdtempSync(join(clusterHome(), 'plugins-'));
    symlinkSync(join(BIN, '..', 'kubectl-netcheck.js'), join(plugins, 'kubectl-netcheck'));
    const env = {
      HOME: clusterHome(),
      KUBECONFIG: kubeconfigFor(api),
      PATH: `${plugins}${delimiter}${process.env.PATH ?? ''}`,
    };
    const direct = await runProgram(join(plugins, 'kubectl-netcheck'), ['node-7', '--json', '--interval', '1'], {
      env,
    });
    expect(direct.code, direct.stderr).toBe(0);
    expect(JSON.parse(direct.stdout)).toMatchObject({ node: 'node-7', complete: true });

    const viaKubectl = await runProgram('kubectl', ['netcheck', 'node-8', '--json', '--interval', '1'], { env });
    if (viaKubectl.stderr.includes('unknown command'))
      throw new Error(`kubectl did not find the plugin: ${viaKubectl.stderr}`);
    expect(viaKubectl.code, viaKubectl.stderr).toBe(0);
    expect(JSON.parse(viaKubectl.stdout)).toMatchObject({ node: 'node-8', complete: true });

    const analyze = await runProgram(join(plugins, 'kubectl-netcheck'), ['collector'], { env });
    expect(analyze.stdout).toMatch(/^#!/);
  }, 30_000);
});
