// The cross-check tests' report helpers: a collector report (test/support/collector-report.ts) and the bodies of
// its netns, count and stats sections.
import { collectorReport as report } from '../../support/collector-report.js';

/** A collector report from section bodies, as `host` wrote it. */
export function collectorReport(
  sections: { name: string; kind: string; at: number; body: string; cmd?: string }[],
  host = 'node-7',
): string {
  return report(sections, { host });
}

export function netnsBody(netns: 'host' | 'pod', count: number, max = 262144): string {
  const reason = netns === 'host' ? 'initial-netns-inode' : 'pod-interfaces';
  return `self_netns=net:[4026531833]\npid1_netns=net:[4026531833]\npid1_visible=yes\npid1_comm=systemd\npid1_is_init=yes\ninterfaces=lo,eth0\ninterface_count=2\nconntrack_count=${count}\nconntrack_max=${max}\nnetns=${netns}\nreason=${reason}\n`;
}

export function countBody(count: number, max = 262144): string {
  return `nf_conntrack_count=${count}\nnf_conntrack_max=${max}\nnf_conntrack_buckets=65536\nhashsize=65536\nsource=proc-netfilter\n`;
}

/** `conntrack -S` of two CPUs; `insertFailed` split between them. */
export function statsBody(insertFailed: number, drop = 0): string {
  const a = Math.floor(insertFailed / 2);
  return [
    `cpu=0   \tfound=0 invalid=3 insert=0 insert_failed=${a} drop=${drop} early_drop=0 error=0 search_restart=1 clash_resolve=0 chaintoolong=0 `,
    `cpu=1   \tfound=0 invalid=2 insert=0 insert_failed=${insertFailed - a} drop=0 early_drop=0 error=0 search_restart=0 clash_resolve=0 chaintoolong=0 `,
  ].join('\n');
}
