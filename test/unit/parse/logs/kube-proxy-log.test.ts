import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import { itemsOf } from '../../../../src/parse/items-of.js';
import { type KubeProxyLog, kubeProxyLogParser } from '../../../../src/parse/logs/kube-proxy-log.js';

function logs(text: string): KubeProxyLog[] {
  return itemsOf(diagnoseText(text).report, kubeProxyLogParser).map((i) => i.value);
}

function only(text: string): KubeProxyLog {
  const all = logs(text);
  expect(all).toHaveLength(1);
  return all[0]!;
}

describe('kube-proxy-log parser', () => {
  // https://github.com/justmeandopensource/kubernetes/issues/144 (2024-08-23): structured klog after a kubectl prompt.
  it('reads structured klog: mode, conntrack settings, hashsize error', () => {
    const log = only(
      [
        '```',
        'root@master:/etc/kubernetes/manifests# kubectl -n kube-system logs kube-proxy-m6xgl',
        'I0823 17:40:52.912090       1 server_linux.go:69] "Using iptables proxy"',
        'I0823 17:40:52.932417       1 conntrack.go:59] "Setting nf_conntrack_max" nfConntrackMax=786432',
        'I0823 17:40:52.933129       1 conntrack.go:90] "Setting conntrack hashsize" conntrackHashsize=196608',
        'E0823 17:40:52.933169       1 server.go:558] "Error running ProxyServer" err="write /sys/module/nf_conntrack/parameters/hashsize: operation not supported"',
        'E0823 17:40:52.933190       1 run.go:74] "command failed" err="write /sys/module/nf_conntrack/parameters/hashsize: operation not supported"',
        '```',
        'I already set value - sysctl -w net.netfilter.nf_conntrack_max=786432. Its not helping at all.',
      ].join('\n'),
    );
    expect(log.modes.map((m) => m.mode)).toEqual(['iptables']);
    expect(log.conntrack.nf_conntrack_max!.value).toBe(786432);
    expect(log.conntrack.hashsize!.value).toBe(196608);
    expect(log.problems.hashsize!.count).toBe(2);
    expect(log.problems.start).toBeUndefined();
    expect(log.errors).toBe(2);
  });

  // https://github.com/kubernetes/kubernetes/issues/24295 (2016-04-14): old klog, bare error line, restart.
  it('reads the old unstructured format and a bare read-only error line', () => {
    const log = only(
      [
        'Flag --resource-container has been deprecated, This feature will be removed in a later release.',
        'I0414 21:09:01.778461       5 server.go:200] Using iptables Proxier.',
        'I0414 21:09:01.778514       5 proxier.go:205] missing br-netfilter module or unset br-nf-call-iptables; proxy may not work as intended',
        'I0414 21:09:01.789946       5 conntrack.go:36] Setting nf_conntrack_max to 262144',
        'I0414 21:09:01.789985       5 conntrack.go:41] Setting conntrack hashsize to 65536',
        'open /sys/module/nf_conntrack/parameters/hashsize: read-only file system',
        'Flag --resource-container has been deprecated, This feature will be removed in a later release.',
      ].join('\n'),
    );
    expect(log.modes[0]!.mode).toBe('iptables');
    expect(log.conntrack).toMatchObject({ nf_conntrack_max: { value: 262144 }, hashsize: { value: 65536 } });
    expect(log.problems.hashsize!.count).toBe(1);
    expect(log.problems.brNetfilter!.count).toBe(1);
  });

  // https://github.com/kinvolk/kube-spawn/issues/14 (2017-04-10): `Set sysctl '...' to N`, first letter lost.
  it("reads `Set sysctl 'net/netfilter/nf_conntrack_max' to N` and a line without its severity letter", () => {
    const log = only(
      [
        '0410 15:56:52.119847       1 server.go:227] Using iptables Proxier.',
        "I0410 15:56:52.176541       1 conntrack.go:81] Set sysctl 'net/netfilter/nf_conntrack_max' to 131072",
        'I0410 15:56:52.177035       1 conntrack.go:66] Setting conntrack hashsize to 32768',
        'Error: write /sys',
      ].join('\n'),
    );
    expect(log.modes[0]!.mode).toBe('iptables');
    expect(log.conntrack.nf_conntrack_max!.value).toBe(131072);
    expect(log.problems.hashsize).toBeUndefined();
  });

  // https://github.com/kubernetes/kube-proxy/issues/25 (2025-02-17): journald prefix, multi-line err=< value.
  it('counts a multi-line err=< record once, behind journald prefixes', () => {
    const log = only(
      [
        'Feb 17 11:12:14 k8s-192-168-3-26 kube-proxy[9234]: E0217 11:12:14.212635    9234 proxier.go:1432] "Failed to execute iptables-restore" err=<',
        'Feb 17 11:12:14 k8s-192-168-3-26 kube-proxy[9234]:         exit status 2: ip6tables-restore v1.8.7 (nf_tables): unknown option "--xor-mark"',
        'Feb 17 11:12:14 k8s-192-168-3-26 kube-proxy[9234]:         Error occurred at line: 11',
        "Feb 17 11:12:14 k8s-192-168-3-26 kube-proxy[9234]:         Try `ip6tables-restore -h' or 'ip6tables-restore --help' for more information.",
      ].join('\n'),
    );
    expect(log.records).toBe(1);
    expect(log.problems.sync!.count).toBe(1);
    expect(log.problems.sync!.examples[0]).toContain('--xor-mark');
    expect(log.problems.sync!.first).toBe('0217 11:12:14.212635');
  });

  // https://github.com/kubernetes/kubernetes/issues/140951 (2026-07-26): CRI prefix, nftables sync failed, then the
  // generic "Sync failed" for the same failure.
  it('reads CRI-prefixed nftables failures and counts the follow-up "Sync failed" once', () => {
    const log = only(
      [
        '2026-07-25T11:35:58.075746765Z stderr F I0725 11:35:58.075625       1 proxier.go:1863] "Reloading service nftables data" ipFamily="IPv6" numServices=4 numEndpoints=4',
        '2026-07-25T11:35:58.172751052Z stderr F E0725 11:35:58.172627       1 proxier.go:1874] "nftables sync failed" err=<',
        "2026-07-25T11:35:58.172766715Z stderr F 	nft: netlink_linearize.c:804: netlink_gen_expr: Assertion `dreg < ctx->reg_low' failed.",
        '2026-07-25T11:35:58.172780265Z stderr F  > ipFamily="IPv6"',
        '2026-07-25T11:35:58.172787416Z stderr F I0725 11:35:58.172762       1 proxier.go:1211] "Sync failed" ipFamily="IPv6" retryingTime="30s"',
      ].join('\n'),
    );
    expect(log.modes[0]!.mode).toBe('nftables');
    expect(log.problems.sync!.count).toBe(1);
  });

  // https://github.com/kubernetes/kubernetes/pull/126847 (2024-09-03): healthy cleanup lines.
  it('does not read healthy conntrack cleanup lines as failures', () => {
    const log = only(
      [
        '2024-09-03T13:18:56.208350327Z stderr F I0903 13:18:56.191665       1 cleanup.go:175] "Adding conntrack filter for cleanup" org-port-dst=31354 reply-src="10.244.1.80" protocol="UDP"',
        '2024-09-03T13:18:56.20836805Z stderr F I0903 13:18:56.191716       1 cleanup.go:160] "Adding conntrack filter for cleanup" org-dst="10.96.170.55" reply-src="10.244.2.64" protocol="UDP"',
      ].join('\n'),
    );
    expect(log.records).toBe(2);
    expect(log.problems).toEqual({});
  });

  // https://github.com/deckhouse/deckhouse/issues/8081 (2024-04-11) and https://github.com/coreos/kubernetes/issues/42
  // (2016-06-14): the conntrack binary missing, structured and old formats.
  it('reads conntrack cleanup failures in both formats', () => {
    const structured = only(
      'E0411 11:44:45.784424       1 proxier.go:760] "Failed to delete nodeport-related endpoint connections" err="error deleting conntrack entries for UDP port: 32504, error: error looking for path of conntrack: executable file not found in $PATH" servicePortName="wazuh/wazuh-syslog:syslog-udp"',
    );
    expect(structured.problems.cleanup!.count).toBe(1);
    const old = only(
      'E0610 15:55:24.811934       1 proxier.go:603] conntrack return with error: Error looking for path of conntrack: exec: "conntrack": executable file not found in $PATH',
    );
    expect(old.problems.cleanup!.count).toBe(1);
  });

  // https://github.com/kubernetes/kubernetes/issues/92033 (fixture a-kube-proxy-ipvs-add-service-failed-k8s-92033):
  // klog lines pasted without their header.
  it('reads klog lines without their header (IPVS add failures)', () => {
    const log = only(
      [
        'proxier.go:1907] Adding new service "default/kubernetes:https" 10.96.0.1:443/TCP                     ',
        'proxier.go:1909] Failed to add IPVS service "default/kubernetes:https": no such file or directory    ',
        'proxier.go:1195] Failed to sync service: 10.96.0.1:443/TCP, err: no such file or directory           ',
      ].join('\n'),
    );
    expect(log.problems.sync!.count).toBe(2);
    expect(log.modes[0]!.mode).toBe('ipvs');
  });

  // https://github.com/siderolabs/pkgs/issues/951 (2024-05-04): nft errors behind a log viewer's box-drawing border.
  it("reads nft's own error lines behind a box-drawing border", () => {
    const log = only(
      [
        '│     /dev/stdin:892:87-100: Error: Could not process rule: No such file or directory',
        '│     add rule ip kube-proxy external-3BXM2ZZ4-haproxy/external-kubernetes-ingress/tcp/http fib saddr type local jump mark-for-masquerade comment "masquerade local traffic" ',
        '│                                                                                           ^^^^^^^^^^^^^^ ',
        '│     /dev/stdin:893:87-100: Error: Could not process rule: No such file or directory  ',
      ].join('\n'),
    );
    expect(log.problems.sync!.count).toBe(2);
  });

  // https://github.com/kubernetes/kubernetes/issues/68447 (2019-01-19): ipvs mode with graceful termination lines.
  it('reads "Using ipvs Proxier." and keeps graceful-termination lines healthy', () => {
    const log = only(
      [
        'I0119 17:06:52.872279       1 server_others.go:189] Using ipvs Proxier.',
        'I0119 17:06:52.872998       1 graceful_termination.go:160] Trying to delete rs: 10.233.0.3:9153/TCP/10.233.114.193:9153',
        'I0119 17:06:52.873067       1 graceful_termination.go:174] Deleting rs: 10.233.0.3:9153/TCP/10.233.114.193:9153',
      ].join('\n'),
    );
    expect(log.modes.map((m) => m.mode)).toEqual(['ipvs']);
    expect(log.problems).toEqual({});
  });

  it('does not claim other components’ klog lines on their own (synthetic)', () => {
    expect(logs('I0101 12:00:00.000000       1 kubelet.go:123] "Started kubelet"')).toEqual([]);
  });

  it('reads --logging-format=json records (synthetic)', () => {
    const log = only(
      '{"ts":1700000000000.1,"caller":"app/server_linux.go:69","msg":"Using iptables proxy","v":0}\n{"ts":1700000000001.2,"caller":"app/server.go:558","msg":"Error running ProxyServer","err":"write /sys/module/nf_conntrack/parameters/hashsize: read-only file system"}',
    );
    expect(log.modes[0]!.mode).toBe('iptables');
    expect(log.problems.hashsize!.count).toBe(1);
  });
});
