import { describe, expect, it } from 'vitest';
import { alertNode } from '../../../src/alerts/alert-node.js';

describe('alertNode', () => {
  it('takes node, nodename, kubernetes_node, then instance', () => {
    expect(alertNode({ node: 'node-1', instance: 'node-2' }).name).toBe('node-1');
    expect(alertNode({ nodename: 'node-3', instance: 'node-2' }).name).toBe('node-3');
    expect(alertNode({ kubernetes_node: 'node-4' }).target).toBe('node-4');
    expect(alertNode({ instance: 'node-2' })).toMatchObject({ name: 'node-2', target: 'node-2' });
  });

  it('keeps an IP or host:port instance as a reference without a name', () => {
    const ip = alertNode({ instance: '10.0.1.7:9100' });
    expect(ip.name).toBeUndefined();
    expect(ip.target).toBe('10.0.1.7:9100');
    expect(ip.ref).toMatchObject({ kind: 'address', address: '10.0.1.7' });
    expect(alertNode({ instance: 'node-7.example.internal:9100' }).ref?.kind).toBe('host');
  });

  it('has no node when no label names one or the label is not a node', () => {
    expect(alertNode({ alertname: 'X' })).toEqual({});
    expect(alertNode({ instance: 'https://shop.example.org/healthz' }).name).toBeUndefined();
    expect(alertNode({ node: 'Bad Name!' })).toEqual({});
  });
});
