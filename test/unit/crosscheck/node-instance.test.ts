import { describe, expect, it } from 'vitest';
import { instanceHost, matchStrength, nodeMatcherSets, pickTarget } from '../../../src/crosscheck/node-instance.js';

/** The instance regex of the matcher sets, as Prometheus would read it (anchored RE2; JS syntax is the same here). */
function instanceRegex(node: string, addresses: string[]): RegExp {
  const matcher = nodeMatcherSets({ node, addresses })[0]!;
  expect(matcher.startsWith('instance=~"')).toBe(true);
  // A PromQL double-quoted string is a JSON string for these characters.
  return new RegExp(`^(?:${JSON.parse(matcher.slice('instance=~'.length))})$`);
}

describe('instanceHost', () => {
  it.each([
    ['10.0.0.7:9100', '10.0.0.7'],
    ['10.0.0.7', '10.0.0.7'],
    ['Node-7:9100', 'node-7'],
    ['[fd00::7]:9100', 'fd00::7'],
    ['[fd00::7]', 'fd00::7'],
    ['fd00::7', 'fd00::7'],
    ['ip-10-0-0-7.ec2.internal:9100', 'ip-10-0-0-7.ec2.internal'],
  ])('%s → %s', (instance, host) => {
    expect(instanceHost(instance)).toBe(host);
  });
});

describe('node ↔ instance', () => {
  const target = { node: 'node-7', addresses: ['10.0.0.7', 'fd00::7'] };

  it('finds the node by name, FQDN or address, with or without a port, and nothing else', () => {
    const re = instanceRegex(target.node, [...target.addresses]);
    const yes = [
      'node-7',
      'node-7:9100',
      'node-7.example.internal:9100',
      '10.0.0.7',
      '10.0.0.7:9100',
      '[fd00::7]:9100',
      'fd00::7',
    ];
    const no = [
      'node-70:9100',
      'node-7x',
      'anode-7',
      '10.0.0.70:9100',
      '10.0.0.7:9100x',
      '110.0.0.7',
      '[fd00::70]:9100',
      '10a0b0c7',
    ];
    for (const instance of yes) {
      expect(re.test(instance), instance).toBe(true);
      expect(matchStrength({ instance }, target), instance).toBeGreaterThan(0);
    }
    for (const instance of no) {
      expect(re.test(instance), instance).toBe(false);
      expect(matchStrength({ instance }, target), instance).toBe(0);
    }
  });

  it('also matches node labels, quoted', () => {
    expect(nodeMatcherSets({ node: 'node-7' }).slice(1)).toEqual([
      'node="node-7"',
      'kubernetes_node="node-7"',
      'nodename="node-7"',
    ]);
    expect(matchStrength({ instance: '10.9.9.9:9100', kubernetes_node: 'node-7' }, target)).toBe(1);
  });

  it('ignores addresses that are not IPs or host names, so nothing unquoted reaches PromQL', () => {
    const sets = nodeMatcherSets({ node: 'node-7', addresses: ['10.0.0.7"} or vector(1) #', 'a b'] });
    expect(sets[0]).not.toContain('vector');
    expect(sets[0]).not.toContain('a b');
  });

  it('prefers the exact instance, then a node_exporter job, and lists the others', () => {
    const picked = pickTarget(
      [
        { instance: 'node-7.example.internal:9100', job: 'node-exporter' },
        { instance: '10.0.0.7:9100', job: 'kubelet' },
        { instance: '10.0.0.7:9100', job: 'node-exporter' },
        { instance: '10.0.0.7:9100', job: 'node-exporter' },
        { instance: '10.0.0.8:9100', job: 'node-exporter' },
      ],
      target,
    );
    expect(picked.chosen).toEqual({ instance: '10.0.0.7:9100', job: 'node-exporter' });
    expect(picked.others).toEqual([
      { instance: '10.0.0.7:9100', job: 'kubelet' },
      { instance: 'node-7.example.internal:9100', job: 'node-exporter' },
    ]);
    expect(pickTarget([{ instance: '10.0.0.8:9100' }], target)).toEqual({ others: [] });
  });
});
