// The demo cluster's node listing and resolution: seven Ready nodes with InternalIPs, label selectors, and names,
// addresses and alert labels resolved as the Kubernetes adapter resolves them (node-not-found with near names).
import { describe, expect, it } from 'vitest';
import { DemoClusterExecutor } from '../../../src/adapters/demo-cluster/demo-cluster-executor.js';
import { NodeExecError } from '../../../src/exec/node-exec-error.js';

const cluster = new DemoClusterExecutor({ delayMs: 0 });

describe('the demo cluster nodes', () => {
  it('lists node-1 … node-7, Ready, each with its own InternalIP', async () => {
    const nodes = await cluster.listNodes();
    expect(nodes.map((n) => n.name)).toEqual(['node-1', 'node-2', 'node-3', 'node-4', 'node-5', 'node-6', 'node-7']);
    expect(nodes.every((n) => n.ready)).toBe(true);
    const ips = nodes.map((n) => n.addresses.find((a) => a.type === 'InternalIP')?.address);
    expect(new Set(ips).size).toBe(7);
    expect(ips[0]).toBe('192.168.77.11');
  });

  it('filters by label selector', async () => {
    expect((await cluster.listNodes('kubernetes.io/hostname=node-4')).map((n) => n.name)).toEqual(['node-4']);
    expect(await cluster.listNodes('kubernetes.io/os=linux')).toHaveLength(7);
    expect(await cluster.listNodes('kubernetes.io/hostname!=node-4,kubernetes.io/os')).toHaveLength(6);
    expect(await cluster.listNodes('node-role.kubernetes.io/control-plane')).toEqual([]);
    expect(await cluster.listNodes('!node-role.kubernetes.io/control-plane')).toHaveLength(7);
  });

  it('resolves a name, an address with a port and alert labels', async () => {
    expect((await cluster.resolveNode({ input: 'node-5' })).name).toBe('node-5');
    expect((await cluster.resolveNode({ input: '192.168.77.12:9100' })).name).toBe('node-2');
    expect((await cluster.resolveNode({ labels: { instance: '192.168.77.11:9100' } })).name).toBe('node-1');
  });

  it('lists and resolves when its functions are handed on alone, as the worker takes them', async () => {
    const { listNodes, resolveNode } = cluster;
    expect(await listNodes(undefined)).toHaveLength(7);
    expect((await resolveNode({ input: 'node-6' })).name).toBe('node-6');
  });

  it('answers an unknown name with node-not-found and the near names', async () => {
    const error = await cluster.resolveNode({ input: 'node-9' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeExecError);
    expect((error as NodeExecError).code).toBe('node-not-found');
    expect((error as NodeExecError).hint).toMatch(/node-\d/);
  });
});
