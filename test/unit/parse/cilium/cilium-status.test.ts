// cilium-status parser: in-agent `cilium(-dbg) status [--verbose]` in its formats and cilium-cli's summary, on real
// snippets.
import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import { type CiliumStatus, ciliumStatusParser } from '../../../../src/parse/cilium/cilium-status.js';
import { itemsOf } from '../../../../src/parse/items-of.js';

function only(text: string): CiliumStatus {
  const items = itemsOf(diagnoseText(text).report, ciliumStatusParser);
  expect(items).toHaveLength(1);
  return items[0]!.value;
}

describe('cilium-status parser', () => {
  // https://github.com/cilium/cilium/issues/15337: a CI log indents every line with a tab and a space.
  it('reads a tab-indented verbose status: states, kube-proxy replacement, failing controller rows', () => {
    const s = only(
      [
        '\t KubeProxyReplacement:   Disabled   ',
        '\t Cilium:                 Ok   1.9.90 (v.1.9.90-r.91f9170)',
        '\t Masquerading:           IPTables [IPv4: Enabled, IPv6: Enabled]',
        '\t Controller Status:      19/20 healthy',
        '\t   Name                                   Last success   Last error   Count   Message',
        '\t   bpf-map-sync-cilium_lxc                7s ago         never        0       no error   ',
        '\t   bpf-map-sync-cilium_snat_v4_external   never          5s ago       3       Unable to get object /sys/fs/bpf/tc/globals/cilium_snat_v4_external: no such file or directory   ',
      ].join('\n'),
    );
    expect(s.kubeProxyReplacement).toEqual({ mode: 'Disabled', detail: '' });
    expect(s.cilium).toEqual({ state: 'Ok', message: '1.9.90 (v.1.9.90-r.91f9170)' });
    expect(s.masquerading).toBe('IPTables [IPv4: Enabled, IPv6: Enabled]');
    expect(s.controllers).toEqual({ healthy: 19, total: 20 });
    expect(s.failingControllers).toEqual([
      {
        name: 'bpf-map-sync-cilium_snat_v4_external',
        failures: 3,
        message: 'Unable to get object /sys/fs/bpf/tc/globals/cilium_snat_v4_external: no such file or directory',
      },
    ]);
  });

  // https://github.com/cilium/cilium/issues/33697 (marseel): the Node/Endpoints health table of 1.15+.
  it('reads the cluster health table and names the unreachable nodes', () => {
    const s = only(
      [
        'Cluster health:                                  2/4 reachable             (2024-07-17T12:45:45Z)',
        '  Name                                           IP                        Node          Endpoints',
        '  clustermesh2/clustermesh2-worker (localhost)   172.19.0.4,fc00:c111::4   reachable     reachable',
        '  clustermesh1/clustermesh1-control-plane        172.19.0.3,fc00:c111::3   unreachable   unreachable',
      ].join('\n'),
    );
    expect(s.clusterHealth).toEqual({
      reachable: 2,
      total: 4,
      unreachable: ['clustermesh1/clustermesh1-control-plane'],
    });
  });

  // https://github.com/cilium/cilium/issues/31567: the BPF map sizes of `--verbose`.
  it('reads the CT map sizes from the BPF Maps table', () => {
    const s = only(
      [
        'BPF Maps:   dynamic sizing: on (ratio: 0.002500)',
        '  Name                          Size',
        '  Auth                          524288',
        '  Non-TCP connection tracking   4743340',
        '  TCP connection tracking       9486680',
        'Encryption:                                       Disabled',
      ].join('\n'),
    );
    expect(s.ctMaxTcp).toBe(9486680);
    expect(s.ctMaxAny).toBe(4743340);
  });

  // https://github.com/cilium/cilium-cli/issues/477: cilium-cli's summary with its logo.
  it("reads cilium-cli's summary: the states after the logo and the DaemonSet readiness", () => {
    const s = only(
      [
        '    /¯¯\\',
        ' /¯¯\\__/¯¯\\    Cilium:         OK',
        ' \\__/¯¯\\__/    Operator:       OK',
        '    \\__/',
        '',
        'DaemonSet         cilium             Desired: 1, Ready: 1/1, Available: 1/1',
      ].join('\n'),
    );
    expect(s.cilium).toEqual({ state: 'OK', message: '' });
    expect(s.daemonSet).toEqual({ desired: 1, ready: 1 });
  });

  // https://github.com/cilium/cilium/issues/834: the first format, Failure states.
  it('reads the first status format', () => {
    const s = only(
      [
        'KVStore:            Ok',
        'ContainerRuntime:   Ok',
        'Kubernetes:         Failure',
        'Cilium:             Failure',
      ].join('\n'),
    );
    expect(s.kubernetes?.state).toBe('Failure');
    expect(s.cilium?.state).toBe('Failure');
  });
});
