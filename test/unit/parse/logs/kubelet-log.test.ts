import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import { itemsOf } from '../../../../src/parse/items-of.js';
import { kubeProxyLogParser } from '../../../../src/parse/logs/kube-proxy-log.js';
import { type KubeletLog, kubeletLogParser } from '../../../../src/parse/logs/kubelet-log.js';
import { readKubeletLine } from '../../../../src/parse/logs/kubelet-record.js';

function logs(text: string): KubeletLog[] {
  return itemsOf(diagnoseText(text).report, kubeletLogParser).map((i) => i.value);
}

function only(text: string): KubeletLog {
  const all = logs(text);
  expect(all).toHaveLength(1);
  return all[0]!;
}

describe('kubelet-log parser', () => {
  // https://github.com/kubernetes/kubernetes/issues/88148 (2020-02-13): journald lines, kubelet's own chain failing.
  it('reads journald kubelet lines and counts the iptables chain failures with their span', () => {
    const log = only(
      [
        'Feb 13 04:21:17 k8-wn-01-lf.net kubelet[3906]: E0213 04:21:17.347533    3906 kubelet_network_linux.go:53] Failed to ensure that nat chain KUBE-MARK-DROP exists: error creating chain "KUBE-MARK-DROP": fork/exec /usr/sbin/iptables: resource temporarily unavailable:',
        'Feb 13 04:24:17 k8-wn-01-lf.net kubelet[3906]: E0213 04:24:17.389055    3906 kubelet_network_linux.go:53] Failed to ensure that nat chain KUBE-MARK-DROP exists: error creating chain "KUBE-MARK-DROP": fork/exec /usr/sbin/iptables: resource temporarily unavailable:',
        'Feb 13 04:26:02 k8-wn-01-lf.net kubelet[3906]: E0213 04:26:02.576829    3906 mount_linux.go:143] Mount failed: fork/exec /usr/bin/systemd-run: resource temporarily unavailable',
      ].join('\n'),
    );
    expect(log.programs).toEqual(['kubelet']);
    expect(log.errors).toBe(3);
    expect(log.problems.iptables!.count).toBe(2);
    expect(log.problems.iptables!.spanSeconds).toBe(180);
    expect(log.problems.podNetwork).toBeUndefined();
  });

  // https://github.com/aws-samples/eks-workshop-v2/issues/447 (2023-04-13): syslog `kubelet:` without a pid.
  // https://github.com/cri-o/cri-o/issues/5549 (2022-01-18): the start-up PLEG line.
  it('reads syslog lines without a pid; the start-up "pleg has yet to be successful" is not an unhealthy PLEG', () => {
    expect(
      only(
        'Apr 13 10:53:52 ip-10-42-10-121 kubelet: E0413 10:53:52.844381    3263 kubelet.go:2055] "Skipping pod synchronization" err="PLEG is not healthy: pleg was last seen active 2h33m12.704970756s ago; threshold is 3m0s"',
      ).problems.pleg!.count,
    ).toBe(1);
    const start = only(
      'Jan 18 10:19:44 kubeworker-01 kubelet[197889]: E0118 10:19:44.767958  197889 kubelet.go:1877] "Skipping pod synchronization" err="[container runtime status check may not have completed yet, PLEG is not healthy: pleg has yet to be successful]"',
    );
    expect(start.problems.pleg).toBeUndefined();
    expect(start.records).toBe(1);
  });

  // https://github.com/kata-containers/kata-containers/issues/5731 (2022-11-23): describe events behind console times.
  it('reads `kubectl describe` events, also behind a console timestamp, and tells a missing plugin apart', () => {
    const log = only(
      [
        '16:39:47   Normal   Scheduled               2m3s   default-scheduler  Successfully assigned kube-system/coredns-64897985d-pdfzd to kata-ci-worker-03',
        '16:39:47   Warning  FailedCreatePodSandBox  2m2s   kubelet            Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "bcaf9b76824f679a2f64f28ce5186871cc41e8c506ada9b8cbe466e22bc2d461": plugin type="flannel" failed (add): failed to find plugin "flannel" in path [/opt/cni/bin]',
      ].join('\n'),
    );
    expect(log.problems.cniPluginMissing!.count).toBe(1);
    expect(log.problems.podNetwork).toBeUndefined();
  });

  // https://github.com/coreos/coreos-kubernetes/issues/912 (2017-10-23): klog records that lost their severity letter.
  it('reads klog records without their severity letter', () => {
    const line = readKubeletLine(
      '1023 03:32:46.529178   19936 cni.go:257] Error adding network: open /run/flannel/subnet.env: no such file or directory',
    )!;
    expect(line.file).toBe('cni.go');
    expect(line.severity).toBeUndefined();
    expect(
      only(
        '1023 03:32:46.529178   19936 cni.go:257] Error adding network: open /run/flannel/subnet.env: no such file or directory',
      ).problems.podNetwork!.count,
    ).toBe(1);
  });

  // https://github.com/rancher/rancher/issues/14504 (2018-07-11): host-local range full.
  it('tells an exhausted pod range from other sandbox network failures', () => {
    const log = only(
      'E0711 15:11:17.994634   24727 remote_runtime.go:92] RunPodSandbox from runtime service failed: rpc error: code = Unknown desc = NetworkPlugin cni failed to set up pod "myzep-79945ccb7f-rz8ld_myzep" network: failed to allocate for range 0: no IP addresses available in range set: 10.42.0.1-10.42.0.254',
    );
    expect(log.problems.ipamExhausted!.count).toBe(1);
    expect(log.problems.podNetwork).toBeUndefined();
  });

  // https://github.com/k3s-io/k3s/issues/396 (2019-05-13): the k3s process logs kubelet's and kube-proxy's records.
  it("gives kube-proxy's records of a k3s log to the kube-proxy parser and keeps kubelet's", () => {
    const d = diagnoseText(
      [
        'I0513 14:30:45.379316    7405 reconciler.go:207] operationExecutor.VerifyControllerAttachedVolume started for volume "config-volume"',
        'E0513 14:31:13.647443    7405 proxier.go:696] Failed to ensure that filter chain INPUT jumps to KUBE-EXTERNAL-SERVICES: error appending rule: exit status 1: iptables: No chain/target/match by that name.',
        'E0513 14:31:31.659041    7405 kubelet_network_linux.go:57] Failed to ensure marking rule for KUBE-MARK-DROP: error appending rule: exit status 1: iptables: No chain/target/match by that name.',
      ].join('\n'),
    );
    const kubelet = itemsOf(d.report, kubeletLogParser).map((i) => i.value);
    const proxy = itemsOf(d.report, kubeProxyLogParser).map((i) => i.value);
    expect(kubelet.reduce((n, l) => n + (l.problems.iptables?.count ?? 0), 0)).toBe(1);
    expect(proxy.reduce((n, l) => n + (l.problems.sync?.count ?? 0), 0)).toBe(1);
  });

  // https://github.com/jhunt/k8s-boshrelease/issues/23 (2019-11-11)
  it('records that iptables lacks --random-fully', () => {
    const log = only(
      'I1111 18:53:57.189370    1925 kubelet_network_linux.go:111] Not using `--random-fully` in the MASQUERADE rule for iptables because the local version of iptables does not support it',
    );
    expect(log.randomFully).toBe('unsupported');
  });

  // https://github.com/Azure/acs-engine/issues/2826 (2018-05-21): deprecation notices of every start.
  it('reads deprecated-flag notices as records, without problems', () => {
    const log = only(
      [
        "May 21 10:47:38 k8s-master kubelet[9250]: Flag --pod-manifest-path has been deprecated, This parameter should be set via the config file specified by the Kubelet's --con",
        'May 21 10:47:38 k8s-master kubelet[9250]: Flag --allow-privileged has been deprecated, will be removed in a future version',
      ].join('\n'),
    );
    expect(log.records).toBe(2);
    expect(log.problems).toEqual({});
  });

  it('claims journald lines of other programs and plain prose as nothing', () => {
    expect(
      kubeletLogParser.classify('Dec 09 00:43:00 Justin49 NetworkManager[869]: <info>  [1639010580.6273] manager'),
    ).toBe(0);
    expect(kubeletLogParser.classify('I have a problem with the kubelet on my node')).toBe(0);
    expect(kubeletLogParser.command.test('journalctl -u kubelet --no-pager')).toBe(true);
    expect(kubeletLogParser.command.test('journalctl -xeu k3s')).toBe(true);
    expect(kubeletLogParser.command.test('journalctl -u kube-proxy')).toBe(false);
  });
});

describe('kubelet-log parser: benign iptables notices', () => {
  // https://github.com/kubernetes/kubernetes/pull/129826 (2025-01-26): what kubelet logs on a system without iptables
  // binaries (the PR cut it down to one line); the hint chain is only a hint for other components.
  it('does not count the hint chain or the "some functionality may be missing" summary as iptables failures', () => {
    const sink = kubeletLogParser.create({ command: 'journalctl -u kubelet' });
    for (const line of [
      '        iptables.go:225] "Error checking iptables version, assuming version at least" version=1.4.11 err=< executable file not found in $PATH >',
      '        kubelet_network_linux.go:69] "Failed to ensure that iptables hint chain exists" err=< error creating chain "KUBE-IPTABLES-HINT": executable file not found in $PATH >',
      '        kubelet_network_linux.go:58] "Failed to initialize iptables rules; some functionality may be missing." protocol=IPv4',
    ]) {
      sink.push(line);
    }
    expect(sink.end().value.problems).toEqual({});
  });
});
