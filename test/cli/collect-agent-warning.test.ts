// `netcheck collect` through an agent image older than this netcheck: the collection still works (the collector goes
// over stdin) and the operator is told to update the image, on stderr and in the JSON of each node.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cleanUpClusters, closeClusters, cluster, netcheckAgainst } from '../support/cluster-cli.js';
import { localCollectorExec } from '../support/exec-handlers.js';
import { makeNode } from '../support/kube-objects.js';

afterEach(() => closeClusters());
afterAll(() => cleanUpClusters());

const UPDATE =
  /netcheck: warning: the agent pod netcheck\/netcheck-agent-node-7 has no collector at .*Update the agent image/;

describe('netcheck collect with an outdated agent image', () => {
  it('collects the node and says to update the image, for one node and for a sweep', async () => {
    const api = await cluster([makeNode('node-7'), makeNode('node-8')]);
    api.exec = localCollectorExec({ collector: null });

    const one = await netcheckAgainst(api, ['node-7', '--json', '--interval', '1']);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stderr).toMatch(UPDATE);
    const body = JSON.parse(one.stdout) as { node: string; complete: boolean; warnings?: string[] };
    expect(body).toMatchObject({ node: 'node-7', complete: true });
    expect(body.warnings?.[0]).toMatch(/Update the agent image/);

    const sweep = await netcheckAgainst(api, ['node-7', 'node-8', '--json', '--interval', '1']);
    expect(sweep.code, sweep.stderr).toBe(0);
    expect(sweep.stderr).toMatch(UPDATE);
    const nodes = (JSON.parse(sweep.stdout) as { nodes: { node: string; warnings?: string[] }[] }).nodes;
    expect(nodes.map((n) => n.warnings?.length)).toEqual([1, 1]);
  }, 60_000);
});
