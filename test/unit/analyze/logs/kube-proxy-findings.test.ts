import { describe, expect, it } from 'vitest';
import { findings, ids } from '../findings-of.js';

describe('kube-proxy log findings', () => {
  // https://github.com/kubernetes/kubernetes/issues/34820 (2016-10-14): kube-proxy in Docker, hashsize not writable;
  // the last error glued to the next start's Flag line.
  it('hashsize-readonly (warning), kube-proxy-managed and max-low (info)', () => {
    const text = [
      'I1014 12:23:21.507832    1170 server.go:218] Using userspace Proxier.',
      'I1014 12:23:21.540265    1170 conntrack.go:40] Setting nf_conntrack_max to 131072',
      'I1014 12:23:21.540758    1170 conntrack.go:57] Setting conntrack hashsize to 32768',
      'Error: write /sys/module/nf_conntrack/parameters/hashsize: operation not supported',
      'write /sys/module/nf_conntrack/parameters/hashsize: operation not supportedFlag --resource-container has been deprecated, This feature will be removed in a later release.',
    ].join('\n');
    const all = findings(text);
    expect(ids(text)).toEqual([
      'kube-proxy.hashsize-readonly:warning',
      'conntrack.kube-proxy-managed:info',
      'conntrack.max-low:info',
      'kube-proxy.mode:info',
    ]);
    const hs = all.find((f) => f.id === 'kube-proxy.hashsize-readonly')!;
    expect(hs.evidence[0]).toBe('kube-proxy log: conntrack hashsize/sysctl write failed: 2 records');
    expect(hs.fix).toContain('conntrack.maxPerCore: 0');
    expect(all.find((f) => f.id === 'conntrack.kube-proxy-managed')!.evidence).toEqual([
      'kube-proxy set nf_conntrack_max = 131072 (I1014 12:23:21.540265    1170 conntrack.go:40] Setting nf_conntrack_max to 131072)',
      'kube-proxy set hashsize = 32768 (I1014 12:23:21.540758    1170 conntrack.go:57] Setting conntrack hashsize to 32768)',
    ]);
  });

  // https://github.com/kubernetes/kubernetes/issues/71261 (2018-11-20): 786432 is not low.
  it('kube-proxy-managed without max-low for a large value', () => {
    expect(ids('I1120 15:18:19.757786   26448 conntrack.go:52] Setting nf_conntrack_max to 786432')).toEqual([
      'conntrack.kube-proxy-managed:info',
    ]);
  });

  // https://github.com/deckhouse/deckhouse/issues/8081 (2024-04-11)
  it('conntrack-cleanup-failed (warning) with the binary fix', () => {
    const f = findings(
      'E0411 11:44:45.784509       1 proxier.go:765] "Failed to delete endpoint connections" err="error deleting conntrack entries for UDP peer {...}, error: error looking for path of conntrack: executable file not found in $PATH" servicePortName="wazuh/wazuh-syslog:syslog-udp"',
    );
    expect(f.map((x) => `${x.id}:${x.severity}`)).toEqual(['kube-proxy.conntrack-cleanup-failed:warning']);
    expect(f[0]!.fix).toMatch(/Install the `conntrack` binary/);
  });

  // https://github.com/kubernetes/kubernetes/pull/126847 (2024-09-03): healthy cleanup.
  it('no cleanup finding for healthy cleanup lines', () => {
    expect(
      ids(
        '2024-09-03T13:18:56.208350327Z stderr F I0903 13:18:56.191665       1 cleanup.go:175] "Adding conntrack filter for cleanup" org-port-dst=31354 reply-src="10.244.1.80" protocol="UDP"',
      ),
    ).toEqual([]);
  });

  // https://github.com/kubernetes/kubernetes/issues/36652 (2016-11-14): journald, restore dump then the error.
  it('sync-failed (warning) from an iptables-restore failure', () => {
    const text = [
      '-- Logs begin at Sun 2016-11-13 23:51:54 CET, end at Mon 2016-11-14 11:06:12 CET. --',
      'Nov 14 11:06:11 HOSTNAME kube-proxy[12085]: -X KUBE-SEP-GAZ6D67M54LH5EY5',
      'Nov 14 11:06:11 HOSTNAME kube-proxy[12085]: COMMIT',
      "Nov 14 11:06:11 HOSTNAME kube-proxy[12085]: E1114 11:06:11.955523   12085 proxier.go:1282] Failed to execute iptables-restore: exit status 2 (Bad argument `KUBE-SVC-574IYFDEANSYIEBF'",
      'Nov 14 11:06:11 HOSTNAME kube-proxy[12085]: Error occurred at line: 33',
      'Nov 14',
    ].join('\n');
    const f = findings(text).find((x) => x.id === 'kube-proxy.sync-failed')!;
    expect(f.severity).toBe('warning');
    expect(f.evidence[0]).toBe('kube-proxy log: iptables/ipvs rule sync failed: 1 record (at 1114 11:06:11.955523)');
    expect(f.evidence[1]).toContain('Error occurred at line: 33');
  });

  // https://github.com/siderolabs/pkgs/issues/951 (2024-05-07): healthy nftables mode.
  it('kube-proxy.mode info only for a healthy start', () => {
    const f = findings('I0507 11:39:31.916310       1 server_linux.go:304] "Using nftables Proxier"');
    expect(f.map((x) => `${x.id}:${x.severity}`)).toEqual(['kube-proxy.mode:info']);
    expect(f[0]!.title).toBe('kube-proxy runs in nftables mode');
  });

  // https://github.com/kubernetes/kubernetes/issues/24295 (2016-04-14)
  it('br-netfilter-missing (warning)', () => {
    expect(
      ids(
        'I0414 21:09:01.778514       5 proxier.go:205] missing br-netfilter module or unset br-nf-call-iptables; proxy may not work as intended',
      ),
    ).toEqual(['kube-proxy.br-netfilter-missing:warning']);
  });

  it('start-failed for a start-up error that is not the hashsize (synthetic)', () => {
    const text =
      'E0101 12:00:00.000000       1 run.go:74] "command failed" err="failed complete: unrecognized feature gate: Foo"';
    expect(ids(text)).toEqual(['kube-proxy.start-failed:warning']);
  });
});
