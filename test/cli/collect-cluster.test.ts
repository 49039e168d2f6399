// `netcheck collect NODE...`, `--all` and `--selector` against the fake kube-apiserver, through the agent and
// debug-pod executors: a 200-node sweep with failing nodes (403, stalls, not Ready, no agent), one node, addresses,
// usage errors. The CLI runs in-process (src/cli.ts); collect-cluster-real.test.ts puts real collectors behind exec.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cleanUpClusters, closeClusters, cluster, netcheckAgainst, USER } from '../support/cluster-cli.js';
import { makeNamespace, makeNode } from '../support/kube-objects.js';
import { rbacForbidden } from '../support/kube-status.js';
import { SAMPLE_REPORT, withRisingCounters } from '../unit/sweep/sweep-helpers.js';

afterEach(() => closeClusters());
afterAll(() => cleanUpClusters());

describe('netcheck collect --all: a 200-node sweep through the API server', () => {
  it('collects every Ready node, keeps partial results for the failing ones and ranks the hotspot', async () => {
    const names = Array.from({ length: 200 }, (_, i) => `node-${i + 1}`);
    const notReady = new Set(['node-13', 'node-77']);
    const stalled = new Set(['node-99', 'node-150']);
    const api = await cluster(
      names.map((name, i) =>
        makeNode(name, { internalIP: `10.0.${i >> 8}.${i & 255}`, ready: notReady.has(name) ? 'False' : 'True' }),
      ),
      ['node-40'],
    );
    for (const node of ['node-21', 'node-22']) {
      const pod = `netcheck-agent-${node}`;
      api.inject({
        path: `/api/v1/namespaces/netcheck/pods/${pod}/exec`,
        respond: rbacForbidden(
          { verb: 'get', resource: 'pods', subresource: 'exec', namespace: 'netcheck', name: pod },
          USER,
        ),
      });
    }
    const hot = withRisingCounters(SAMPLE_REPORT, { insertFailed: 120, drop: 0 });
    api.exec = ({ node, stdout }) => {
      if (node && stalled.has(node)) return 'stall';
      stdout.write(node === 'node-5' ? hot : SAMPLE_REPORT);
      return 0;
    };

    const started = performance.now();
    const json = await netcheckAgainst(api, [
      '--all',
      '--json',
      '--interval',
      '1',
      '--deadline',
      '5',
      '--timeout',
      '4',
    ]);
    const elapsed = performance.now() - started;
    expect(json.code, json.stderr).toBe(3);
    expect(elapsed).toBeLessThan(20_000);
    const body = JSON.parse(json.stdout) as {
      nodes: {
        node: string;
        complete?: boolean;
        mode?: string;
        error?: { code: string; message: string; hint: string };
      }[];
      hotspots: { node: string; outliers: { metric: string; value: number; median: number }[] }[];
      findings: { id: string; severity: string; title: string }[];
    };
    expect(body.nodes.map((n) => n.node)).toEqual([...names].sort()); // the API server lists nodes by name
    const failures = Object.fromEntries(body.nodes.filter((n) => n.error).map((n) => [n.node, n.error!.code]));
    expect(failures).toEqual({
      'node-13': 'node-not-ready',
      'node-21': 'rbac-denied',
      'node-22': 'rbac-denied',
      'node-40': 'agent-not-found',
      'node-77': 'node-not-ready',
      'node-99': 'timeout',
      'node-150': 'timeout',
    });
    const denied = body.nodes.find((n) => n.node === 'node-21')!.error!;
    expect(denied.hint).toMatch(/create and get on pods\/exec/);
    expect(body.nodes.filter((n) => !n.error && (n.complete !== true || n.mode !== 'agent'))).toEqual([]);
    expect(body.hotspots).toEqual([
      expect.objectContaining({
        node: 'node-5',
        outliers: [expect.objectContaining({ metric: 'insertFailedPerSecond', value: 60, median: 0 })],
      }),
    ]);
    expect(body.findings).toEqual([
      expect.objectContaining({
        id: 'cluster.hotspot',
        severity: 'critical',
        title: expect.stringMatching(/^node-5 /),
      }),
    ]);
    // Nodes that are not Ready are never exec'd into.
    const execs = api.requests.filter((r) => r.upgrade).map((r) => r.path);
    expect(execs.some((p) => p.includes('netcheck-agent-node-13/'))).toBe(false);
    expect(execs).toHaveLength(200 - 2 - 1);

    const text = await netcheckAgainst(api, ['--all', '--interval', '1', '--deadline', '5', '--timeout', '4']);
    expect(text.code).toBe(3);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toMatch(/^netcheck sweep of 200 nodes in [\d.]+ s: 193 collected, 7 failed, 1 hotspot$/);
    expect(lines[2]).toMatch(/^NODE +CONNTRACK +INSERT_FAILED\/S +DROPS\/S +RULES +DNS MS +WORST FINDING$/);
    expect(lines[3]).toMatch(/^node-5 +0% +60\.0 ▲ +0 +0 +\d+ +critical conntrack\.insert-failed/);
    expect(text.stdout).toMatch(/^median of 193 +0% +0 +0 +0 +\d+ *$/m);
    expect(text.stdout).toContain('  timeout ×2: node-99, node-150');
    expect(text.stdout).toContain('  rbac-denied ×2: node-21, node-22');
    expect(text.stdout).toContain('  node-not-ready ×2: node-13, node-77');
    expect(text.stdout).toContain('  agent-not-found ×1: node-40');
    expect(text.stdout).toMatch(/CRITICAL node-5 stands out from the cluster: insert_failed rising at 60\.0\/s/);
  }, 60_000);

  it('sweeps only the nodes a label selector matches', async () => {
    const api = await cluster([
      makeNode('node-a1', { labels: { zone: 'a' } }),
      makeNode('node-a2', { labels: { zone: 'a' } }),
      makeNode('node-b1', { labels: { zone: 'b' } }),
    ]);
    api.exec = ({ stdout }) => {
      stdout.write(SAMPLE_REPORT);
      return 0;
    };
    const run = await netcheckAgainst(api, ['--selector', 'zone=a', '--json', '--interval', '1']);
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { nodes: { node: string }[] }).nodes.map((n) => n.node)).toEqual([
      'node-a1',
      'node-a2',
    ]);
    // On a terminal, a progress line on stderr, rewritten in place and cleared at the end.
    const tty = await netcheckAgainst(api, ['-l', 'zone=a', '--interval', '1'], {}, true);
    expect(tty.code).toBe(0);
    expect(tty.stderr.startsWith(`\r[${'·'.repeat(24)}] 0/2 nodes, 2 running\u001b[K`)).toBe(true);
    expect(tty.stderr).toContain('\r[████████████████████████] 2/2 nodes, 0 running\u001b[K');
    expect(tty.stderr.endsWith('\r\u001b[K')).toBe(true);
    expect(tty.stdout).toMatch(/^netcheck sweep of 2 nodes/);
    const none = await netcheckAgainst(api, ['--selector', 'zone=c']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no node matches the selector zone=c/);
  });

  it('says what to do when the API server is down', async () => {
    const api = await cluster([makeNode('node-1')]);
    await api.down();
    const run = await netcheckAgainst(api, ['--all']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^netcheck: .*\n {2}→ /);
    expect(run.stderr).toMatch(/ECONNREFUSED|unreachable|refused/i);
  });
});

describe('netcheck collect NODE', () => {
  it('prints one node as { node, detected, findings } and finds a node by its address', async () => {
    const api = await cluster([makeNode('node-7', { internalIP: '10.0.1.7' }), makeNode('node-8')]);
    api.exec = ({ stdout }) => {
      stdout.write(SAMPLE_REPORT);
      return 0;
    };
    const run = await netcheckAgainst(api, ['node-7', '--json', '--interval', '1']);
    expect(run.code, run.stderr).toBe(0);
    const body = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(body).toMatchObject({ node: 'node-7', mode: 'agent', complete: true });
    expect(body.detected).toEqual(expect.arrayContaining(['host-info', 'conntrack-stats', 'dns-timing']));
    expect(Array.isArray(body.findings)).toBe(true);

    const byAddress = await netcheckAgainst(api, ['10.0.1.7:9100', '--interval', '1']);
    expect(byAddress.code, byAddress.stderr).toBe(0);
    expect(byAddress.stdout.split('\n')[0]).toMatch(/^netcheck node-7: /);
    const exec = api.requests.filter((r) => r.upgrade).at(-1)!;
    expect(exec.path).toBe('/api/v1/namespaces/netcheck/pods/netcheck-agent-node-7/exec');

    const two = await netcheckAgainst(api, ['node-7', 'node-8', '--interval', '1']);
    expect(two.code).toBe(0);
    expect(two.stdout).toMatch(/^netcheck sweep of 2 nodes/);
  });

  it('names near nodes for an unknown one, and rejects an invalid name before any API call', async () => {
    const api = await cluster([makeNode('node-7'), makeNode('node-17')]);
    const unknown = await netcheckAgainst(api, ['node-70', '--json']);
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ node: 'node-70', error: { code: 'node-not-found' } });
    expect(unknown.stderr).toMatch(/node "node-70" not found\n {2}→ Did you mean node-7/);

    const before = api.requests.length;
    const invalid = await netcheckAgainst(api, ['Node_7']);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/"Node_7" is not a valid node name/);
    expect(api.requests.length).toBe(before);
  });

  it('refuses NODE with --all, nothing at all, and --local with nodes', async () => {
    const api = await cluster([makeNode('node-1')]);
    expect((await netcheckAgainst(api, ['node-1', '--all'])).code).toBe(2);
    expect((await netcheckAgainst(api, [])).stderr).toMatch(/--all, --selector or --local/);
    expect((await netcheckAgainst(api, ['--local', 'node-1'])).code).toBe(2);
    expect((await netcheckAgainst(api, ['--all', '--concurrency', '0'])).code).toBe(2);
    expect(api.requests).toEqual([]);
  });
});

describe('netcheck collect --mode debug-pod', () => {
  it('collects through a short-lived node pod, deletes it, and names the Pod Security label when admission refuses it', async () => {
    const api = await cluster([makeNode('node-7'), makeNode('node-8')], ['node-7', 'node-8']);
    api.exec = ({ stdout }) => {
      stdout.write(SAMPLE_REPORT);
      return 0;
    };
    const run = await netcheckAgainst(api, ['node-7', '--mode', 'debug-pod', '--json', '--interval', '1']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ node: 'node-7', mode: 'debug-pod', complete: true });
    const created = api.requests.find((r) => r.method === 'POST' && r.path === '/api/v1/namespaces/netcheck/pods');
    expect(created).toBeDefined();
    expect(
      api.requests.some((r) => r.method === 'DELETE' && r.path.startsWith('/api/v1/namespaces/netcheck/pods/')),
    ).toBe(true);
    expect([...api.pods.pods.keys()].filter((k) => k.startsWith('netcheck/'))).toEqual([]);

    api.namespaces.set('netcheck', makeNamespace('netcheck', { 'pod-security.kubernetes.io/enforce': 'baseline' }));
    const refused = await netcheckAgainst(api, [
      'node-7',
      'node-8',
      '--mode',
      'debug-pod',
      '--json',
      '--interval',
      '1',
    ]);
    expect(refused.code).toBe(1);
    const body = JSON.parse(refused.stdout) as { nodes: { error: { code: string; hint: string } }[] };
    expect(body.nodes.map((n) => n.error.code)).toEqual(['psa-rejected', 'psa-rejected']);
    expect(body.nodes[0]!.error.hint).toMatch(/pod-security\.kubernetes\.io\/enforce/);
  }, 30_000);
});
