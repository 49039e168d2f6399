// `netcheck collect` finds nodes the way auto-triage does (src/exec/node-subject.ts): by the kubelet's host name label
// when it differs from the Node's name, by an IPv6 `[address]:port`, several addresses from one listing of the nodes.
import { afterAll, afterEach, expect, it } from 'vitest';
import { cleanUpClusters, closeClusters, cluster, netcheckAgainst } from '../support/cluster-cli.js';
import { makeNode } from '../support/kube-objects.js';
import { SAMPLE_REPORT } from '../unit/sweep/sweep-helpers.js';

afterEach(() => closeClusters());
afterAll(() => cleanUpClusters());

it('collects from the node a host name label or an IPv6 instance names, listing the nodes once', async () => {
  const api = await cluster([
    makeNode('k8s-8', { internalIP: '10.0.4.8', labels: { 'kubernetes.io/hostname': 'bm-rack3-08' } }),
    makeNode('node-c', { internalIP: 'fd00:10::3' }),
    makeNode('node-d', { internalIP: '10.0.3.4' }),
  ]);
  api.exec = ({ stdout }) => {
    stdout.write(SAMPLE_REPORT);
    return 0;
  };
  const execs = () => api.requests.filter((r) => r.upgrade).map((r) => r.path.split('/').at(-2));
  const lists = () => api.requests.filter((r) => r.method === 'GET' && r.path === '/api/v1/nodes').length;

  const byHostname = await netcheckAgainst(api, ['bm-rack3-08', '--json', '--interval', '1']);
  expect(byHostname.code, byHostname.stderr).toBe(0);
  expect(JSON.parse(byHostname.stdout)).toMatchObject({ node: 'k8s-8', complete: true });
  expect(execs()).toEqual(['netcheck-agent-k8s-8']);

  const listed = lists();
  const two = await netcheckAgainst(api, ['[fd00:10::3]:9100', '10.0.3.4:9100', '--json', '--interval', '1']);
  expect(two.code, two.stderr).toBe(0);
  const body = JSON.parse(two.stdout) as { nodes: { node: string }[] };
  expect(body.nodes.map((n) => n.node).sort()).toEqual(['node-c', 'node-d']);
  expect(lists() - listed).toBe(1);

  const unknown = await netcheckAgainst(api, ['10.0.3.9:9100']);
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toContain('node "10.0.3.9:9100" not found');
  expect(unknown.stderr).toContain('Did you mean node-d (10.0.3.4)?');
}, 60_000);
