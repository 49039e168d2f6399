// cilium.agent-unhealthy, cilium.controllers-failing, cilium.health-unreachable, cilium.endpoint-regeneration-failed
// and cilium.ct-map-pressure on real status, metrics and log snippets.
import { describe, expect, it } from 'vitest';
import { finding, ids } from '../findings-of.js';

describe('Cilium agent findings', () => {
  // https://github.com/cilium/cilium/issues/834 (mellotron).
  it('warns when the agent says Failure', () => {
    expect(ids('KVStore:            Ok\nKubernetes:         Failure\nCilium:             Failure')).toEqual([
      'cilium.agent-unhealthy:warning',
    ]);
  });

  // https://github.com/cilium/cilium/issues/30437 (pengbinbin1): the agent exits; not a CT insertion failure.
  it('reads a fatal agent record as an unhealthy agent, not as a full CT map', () => {
    const text =
      'level=fatal msg="failed to start: daemon creation failed: error while opening/creating BPF maps: initializing conntrack map cilium_ct_any4_global: creating map: map create: cannot allocate memory (without BTF k/v); failed to stop: unable to find controller ipcache-inject-labels" subsys=daemon';
    expect(ids(text)).toContain('cilium.agent-unhealthy:warning');
    expect(ids(text).some((id) => id.startsWith('cilium.ct-'))).toBe(false);
  });

  // https://github.com/cilium/cilium/issues/17791 (weizhoublue): an old error with a count of 0 is not failing.
  it('says nothing when every controller is healthy, even with an old last error', () => {
    expect(
      ids(
        [
          'Controller Status:      70/70 healthy',
          '  Name                                                  Last success   Last error    Count   Message',
          '  cilium-health-ep                                      50s ago        7h1m55s ago   0       no error',
        ].join('\n'),
      ),
    ).toEqual([]);
  });

  // https://github.com/cilium/cilium/issues/33056 (VasilevMaksim).
  it('warns when cluster health is not fully reachable and names the nodes', () => {
    const f = finding(
      [
        'Cluster health:                                                        0/2 reachable   (2024-06-11T12:42:32Z)',
        '  Name                                                                     IP                   Node              Endpoints',
        '  control-plane-us-central1-a-vjvg (localhost)   10.0.16.4       unreachable   reachable',
      ].join('\n'),
      'cilium.health-unreachable',
    );
    expect(f?.evidence[0]).toBe('Cluster health: 0/2 reachable: control-plane-us-central1-a-vjvg (localhost)');
  });

  // https://github.com/cilium/cilium/issues/11511 (seanpowell-f5).
  it('warns when endpoint programs cannot be loaded', () => {
    expect(
      ids(
        'level=error msg="endpoint regeneration failed" containerID=bcd8143e17 datapathPolicyRevision=1 desiredPolicyRevision=1 endpointID=3964 error="Failed to replace Qdisc for lxc89cb8e5e0df9: Link not found" identity=54306 ipv4=10.66.5.211 ipv6= k8sPodName=se3-runner/runner-d3347dec-project-11952-concurrent-167kmdl subsys=endpoint',
      ),
    ).toContain('cilium.endpoint-regeneration-failed:warning');
  });

  // Rows as `cilium metrics list` prints them (https://github.com/cilium/cilium/pull/28357).
  it('grades CT map pressure: critical at 90 %, nothing for maps that are not CT maps', () => {
    expect(ids('cilium_bpf_map_pressure     map_name="cilium_ct4_global"      0.950000')).toEqual([
      'cilium.ct-map-pressure:critical',
    ]);
    expect(ids('cilium_bpf_map_pressure     map_name="ipcache"      0.000021')).toEqual([]);
  });
});
