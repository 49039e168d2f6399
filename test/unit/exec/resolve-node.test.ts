import { describe, expect, it } from 'vitest';
import { canonicalIPv6 } from '../../../src/exec/ip-address.js';
import { editDistance, nearNames } from '../../../src/exec/near-names.js';
import { NodeExecError } from '../../../src/exec/node-exec-error.js';
import { nodeRefFromLabels } from '../../../src/exec/node-subject.js';
import {
  matchNode,
  type NodeInfo,
  parseNodeInput,
  requireReady,
  validateNodeName,
} from '../../../src/exec/resolve-node.js';

function caught(fn: () => unknown): NodeExecError {
  try {
    fn();
  } catch (error) {
    if (error instanceof NodeExecError) return error;
    throw error;
  }
  throw new Error('expected a NodeExecError');
}

const nodes: NodeInfo[] = [
  {
    name: 'node-7',
    ready: true,
    addresses: [
      { type: 'InternalIP', address: '10.0.1.7' },
      { type: 'InternalIP', address: 'fd00:10::7' },
      { type: 'Hostname', address: 'node-7' },
    ],
  },
  {
    name: 'node-8',
    ready: false,
    notReadyReason: 'NodeStatusUnknown: Kubelet stopped posting node status.',
    addresses: [{ type: 'InternalIP', address: '10.0.1.8' }],
  },
  {
    name: 'ip-10-0-2-15.ec2.internal',
    ready: true,
    addresses: [
      { type: 'InternalIP', address: '10.0.2.15' },
      { type: 'ExternalIP', address: '203.0.113.15' },
      { type: 'InternalDNS', address: 'ip-10-0-2-15.ec2.internal' },
    ],
  },
  { name: 'worker-a', ready: true, addresses: [{ type: 'InternalIP', address: '10.0.3.1' }] },
];

describe('validateNodeName', () => {
  it('accepts DNS-1123 subdomains', () => {
    for (const name of ['node-7', 'ip-10-0-2-15.ec2.internal', 'a', '0', `${'a'.repeat(63)}.${'b'.repeat(63)}`]) {
      expect(validateNodeName(name)).toBe(name);
    }
  });

  it('rejects what could never be a node name, with the lowercase form as a hint', () => {
    const upper = caught(() => validateNodeName('Node-7'));
    expect(upper.code).toBe('invalid-node-name');
    expect(upper.permanent).toBe(true);
    expect(upper.hint).toContain('node-7');
    for (const bad of ['', '-node', 'node-', 'node_7', 'node 7', 'a..b', '$(reboot)', 'x'.repeat(64), 'n;rm -rf /']) {
      expect(caught(() => validateNodeName(bad)).code, bad).toBe('invalid-node-name');
    }
    expect(caught(() => validateNodeName(`${'a'.repeat(60)}.`.repeat(5))).message).toContain('253');
  });
});

describe('parseNodeInput', () => {
  it('reads names, IPs and Alertmanager instance labels', () => {
    expect(parseNodeInput('node-7')).toEqual({ kind: 'name', name: 'node-7', input: 'node-7' });
    expect(parseNodeInput(' 10.0.1.7 ')).toMatchObject({ kind: 'address', address: '10.0.1.7' });
    expect(parseNodeInput('10.0.1.7:9100')).toMatchObject({ kind: 'address', address: '10.0.1.7' });
    expect(parseNodeInput('[fd00:10::7]:9100')).toMatchObject({
      kind: 'address',
      address: canonicalIPv6('fd00:10::7'),
    });
    expect(parseNodeInput('FD00:10:0::7')).toMatchObject({ kind: 'address', address: canonicalIPv6('fd00:10::7') });
    expect(parseNodeInput('node-7:9100')).toMatchObject({ kind: 'host', host: 'node-7' });
    expect(parseNodeInput('IP-10-0-2-15.ec2.internal:9100')).toMatchObject({
      kind: 'host',
      host: 'ip-10-0-2-15.ec2.internal',
    });
    expect(parseNodeInput('999.1.1.1')).toMatchObject({ kind: 'name', name: '999.1.1.1' });
    expect(parseNodeInput('http://10.0.1.7:9100/metrics')).toMatchObject({ kind: 'address', address: '10.0.1.7' });
  });

  it('rejects input that is neither a name nor an address before anything reaches the API', () => {
    for (const bad of ['', 'http://', 'node_7:9100', '[node-7]:9100', '10.0.1.7:abc', 'node-7:', 'a/b']) {
      expect(caught(() => parseNodeInput(bad)).code, bad).toBe('invalid-node-name');
    }
  });
});

describe('nodeRefFromLabels', () => {
  it('trusts node, nodename and kubernetes_node before instance', () => {
    expect(nodeRefFromLabels({ instance: '10.0.1.8:9100', nodename: 'node-7' })).toMatchObject({ name: 'node-7' });
    expect(nodeRefFromLabels({ kubernetes_node: 'worker-a', instance: 'x:1' })).toMatchObject({ name: 'worker-a' });
    expect(nodeRefFromLabels({ node: '', instance: '10.0.1.8:9100' })).toMatchObject({ address: '10.0.1.8' });
    // A label that is neither a name nor an address gives way to the next one.
    expect(nodeRefFromLabels({ node: 'Bad Name!', instance: '10.0.1.8:9100' })).toMatchObject({ address: '10.0.1.8' });
  });

  it('says which labels it looked for when none is set', () => {
    const error = caught(() => nodeRefFromLabels({ alertname: 'NodeHighNumberConntrackEntriesUsed' }));
    expect(error.code).toBe('invalid-node-name');
    expect(error.message).toContain('node, nodename, kubernetes_node, kubernetes_io_hostname');
    expect(error.message).toContain('instance');
  });
});

describe('matchNode', () => {
  it('maps names, IPs (v4 and v6 in any spelling) and host names to nodes', () => {
    expect(matchNode(parseNodeInput('node-7'), nodes).name).toBe('node-7');
    expect(matchNode(parseNodeInput('10.0.1.8:9100'), nodes).name).toBe('node-8');
    expect(matchNode(parseNodeInput('[fd00:10:0:0::7]:9100'), nodes).name).toBe('node-7');
    expect(matchNode(parseNodeInput('203.0.113.15'), nodes).name).toBe('ip-10-0-2-15.ec2.internal');
    expect(matchNode(parseNodeInput('ip-10-0-2-15:9100'), nodes).name).toBe('ip-10-0-2-15.ec2.internal');
    expect(matchNode(parseNodeInput('worker-a.cluster.example:9100'), nodes).name).toBe('worker-a');
  });

  it('suggests near names for an unknown node', () => {
    const error = caught(() => matchNode(parseNodeInput('node-9'), nodes));
    expect(error.code).toBe('node-not-found');
    expect(error.message).toBe('node "node-9" not found');
    expect(error.hint).toMatch(/Did you mean node-7 or node-8\?/);
    expect(caught(() => matchNode(parseNodeInput('wroker-a'), nodes)).hint).toContain('worker-a');
    expect(caught(() => matchNode(parseNodeInput('10.9.9.9:9100'), nodes)).hint).toContain('kubectl get nodes -o wide');
  });

  it('refuses an address that two nodes share', () => {
    const twins = [
      ...nodes,
      { name: 'node-7b', ready: true, addresses: [{ type: 'InternalIP', address: '10.0.1.7' }] },
    ];
    expect(caught(() => matchNode(parseNodeInput('10.0.1.7'), twins)).message).toContain('node-7, node-7b');
  });

  it('requires Ready nodes, saying why one is not', () => {
    expect(requireReady(nodes[0]!).name).toBe('node-7');
    const error = caught(() => requireReady(nodes[1]!));
    expect(error.code).toBe('node-not-ready');
    expect(error.message).toContain('Kubelet stopped posting node status');
    expect(error.permanent).toBe(false);
  });
});

describe('near names', () => {
  it('measures edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('node-7', 'node-7')).toBe(0);
    expect(editDistance('aaaaaaaa', 'bbbbbbbb', 2)).toBe(3);
  });

  it('ranks the closest first and leaves unrelated names out', () => {
    expect(nearNames('node-1', ['node-10', 'node-1a', 'db-primary', 'node-2'])).toEqual([
      'node-10',
      'node-1a',
      'node-2',
    ]);
    expect(nearNames('gpu-node', ['node-7', 'worker-a'])).toEqual([]);
  });
});
