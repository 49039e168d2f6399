// resolveNodeSubject: every label set of platform-facts §11 (and typed text) against one list of nodes; the error of
// an alert no node answers to names its node labels and the nodes near them.
import { describe, expect, it } from 'vitest';
import { nearNodes } from '../../../src/exec/near-nodes.js';
import { NodeExecError } from '../../../src/exec/node-exec-error.js';
import { nodeCandidates, nodeLabelsText, resolveNodeSubject } from '../../../src/exec/node-subject.js';
import type { NodeInfo } from '../../../src/exec/resolve-node.js';

const node = (name: string, addresses: [string, string][], hostname = name): NodeInfo => ({
  name,
  hostname,
  ready: true,
  addresses: [...addresses.map(([type, address]) => ({ type, address })), { type: 'Hostname', address: hostname }],
});

const nodes: NodeInfo[] = [
  node('node-7', [['InternalIP', '10.0.3.7']]),
  node('node-8', [['InternalIP', '10.0.3.8']]),
  node('node-v6', [['InternalIP', 'fd00:10::6']]),
  // Cloud providers name the Node after the instance; the kubelet's host name stays in the label and in uname.
  node('ip-10-0-4-9.eu-west-1.compute.internal', [['InternalIP', '10.0.4.9']], 'worker-9'),
];

function caught(fn: () => unknown): NodeExecError {
  try {
    fn();
  } catch (error) {
    if (error instanceof NodeExecError) return error;
    throw error;
  }
  throw new Error('expected a NodeExecError');
}

const byLabels = (labels: Record<string, string>) => resolveNodeSubject({ labels }, nodes).name;

describe('resolveNodeSubject', () => {
  it('finds the node from every label shape', () => {
    expect(byLabels({ instance: 'node-7' })).toBe('node-7');
    expect(byLabels({ instance: '10.0.3.8:9100' })).toBe('node-8');
    expect(byLabels({ instance: '[fd00:10:0::6]:9100' })).toBe('node-v6');
    expect(byLabels({ instance: '10.0.3.7' })).toBe('node-7');
    expect(byLabels({ node: 'node-8', instance: '10.244.1.3:9100' })).toBe('node-8');
    expect(byLabels({ nodename: 'node-7', instance: '10.244.1.3:9100' })).toBe('node-7');
    expect(byLabels({ kubernetes_node: 'node-8', instance: '10.244.1.3:9100' })).toBe('node-8');
    expect(byLabels({ kubernetes_io_hostname: 'worker-9' })).toBe('ip-10-0-4-9.eu-west-1.compute.internal');
    expect(byLabels({ nodename: 'WORKER-9' })).toBe('ip-10-0-4-9.eu-west-1.compute.internal');
    expect(byLabels({ instance: 'worker-9:9100' })).toBe('ip-10-0-4-9.eu-west-1.compute.internal');
    expect(byLabels({ instance: 'http://10.0.4.9:9100/metrics' })).toBe('ip-10-0-4-9.eu-west-1.compute.internal');
  });

  it('tries the next label when one names no node or is not a node reference', () => {
    expect(byLabels({ nodename: 'gone-1', instance: '10.0.3.8:9100' })).toBe('node-8');
    expect(byLabels({ node: 'Bad Name!', instance: '10.0.3.7:9100' })).toBe('node-7');
  });

  it('resolves typed text: a name, an address or a host name', () => {
    expect(resolveNodeSubject({ input: '10.0.3.8:9100' }, nodes).name).toBe('node-8');
    expect(resolveNodeSubject({ input: 'worker-9' }, nodes).name).toBe('ip-10-0-4-9.eu-west-1.compute.internal');
    expect(caught(() => resolveNodeSubject({ input: 'node_7' }, nodes)).code).toBe('invalid-node-name');
    const unknown = caught(() => resolveNodeSubject({ input: 'node-9' }, nodes));
    expect(unknown.message).toBe('node "node-9" not found');
    expect(unknown.hint).toContain('Did you mean node-7, node-8 or node-v6?');
  });

  it('says which node labels an unresolvable alert had and which nodes are near', () => {
    const error = caught(() =>
      resolveNodeSubject(
        { labels: { alertname: 'NodeHighNumberConntrackEntriesUsed', instance: '10.0.3.77:9100', nodename: 'gost' } },
        nodes,
      ),
    );
    expect(error.code).toBe('node-not-found');
    expect(error.permanent).toBe(true);
    expect(error.message).toBe('no node matches the alert\'s labels nodename="gost", instance="10.0.3.77:9100"');
    // Near an address: the same /24, closest first.
    expect(error.hint).toMatch(/^Nodes near them: node-8 \(10\.0\.3\.8\), node-7 \(10\.0\.3\.7\)\. /);
  });

  it('names an address two nodes share, and an alert without node labels', () => {
    const twins = [...nodes, node('node-7b', [['InternalIP', '10.0.3.7']])];
    expect(caught(() => resolveNodeSubject({ labels: { instance: '10.0.3.7:9100' } }, twins)).message).toContain(
      'instance matches node-7, node-7b',
    );
    const none = caught(() => resolveNodeSubject({ labels: { alertname: 'X', job: 'blackbox' } }, nodes));
    expect(none.code).toBe('invalid-node-name');
    expect(none.message).toContain('it has alertname, job');
  });
});

describe('node labels', () => {
  it('reads candidates in order, skipping values that are not references', () => {
    expect(nodeCandidates({ instance: '10.0.3.7:9100', node: 'x_y', nodename: 'N-1' }).map((c) => c.label)).toEqual([
      'nodename',
      'instance',
    ]);
    expect(nodeLabelsText({ instance: 'a'.repeat(100), job: 'j' })).toBe(`instance="${'a'.repeat(80)}…"`);
  });

  it('finds near nodes by name, host name label or address', () => {
    expect(nearNodes(['node-77'], nodes)).toEqual(['node-7', 'node-8', 'node-v6']);
    expect(nearNodes(['10.0.4.1', '10.0.3.9'], nodes)).toEqual([
      'ip-10-0-4-9.eu-west-1.compute.internal (10.0.4.9)',
      'node-8 (10.0.3.8)',
      'node-7 (10.0.3.7)',
    ]);
    expect(nearNodes(['worker-8'], nodes)).toEqual(['ip-10-0-4-9.eu-west-1.compute.internal (worker-9)']);
    expect(nearNodes(['fd00:10::7'], nodes)).toEqual(['node-v6 (fd00:10::6)']);
    expect(nearNodes(['db-primary'], nodes)).toEqual([]);
  });
});
