import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/analyze/analyze.js';
import type { Finding } from '../../../src/domain/finding.js';
import type { Report } from '../../../src/domain/report.js';

const empty: Report = { items: [], detected: [], notes: [], lines: 0 };
const f = (id: string, severity: Finding['severity'], evidence: string[], fix?: string): Finding => ({
  id,
  severity,
  title: `${id} ${severity}`,
  evidence,
  ...(fix ? { fix } : {}),
});

describe('analyze', () => {
  it('merges findings with the same id: most severe title, joined evidence, sorted by severity then id', () => {
    const out = analyze(empty, [
      () => [f('mtu.mismatch', 'info', ['flannel.1 mtu 1400 over eth0 9001']), f('dns.timeout-5s', 'warning', ['a'])],
      () => [f('mtu.mismatch', 'warning', ['cni0 mtu 1500 over flannel.1 1450'], 'set the CNI MTU')],
      () => [f('conntrack.max-low', 'info', ['nf_conntrack_max 131072'])],
    ]);
    expect(out.map((x) => `${x.severity} ${x.id}`)).toEqual([
      'warning dns.timeout-5s',
      'warning mtu.mismatch',
      'info conntrack.max-low',
    ]);
    const mtu = out.find((x) => x.id === 'mtu.mismatch')!;
    expect(mtu.title).toBe('mtu.mismatch warning');
    expect(mtu.fix).toBe('set the CNI MTU');
    expect(mtu.evidence).toEqual(['cni0 mtu 1500 over flannel.1 1450', 'flannel.1 mtu 1400 over eth0 9001']);
  });

  it('folds insert_failed and drops into a full table', () => {
    const out = analyze(empty, [
      () => [f('conntrack.insert-failed', 'critical', ['insert_failed +120/s'])],
      () => [f('conntrack.table-full', 'critical', ['table full, dropping packet x 812'])],
      () => [f('conntrack.drops', 'warning', ['drop 5'])],
    ]);
    expect(out.map((x) => x.id)).toEqual(['conntrack.table-full']);
    expect(out[0]!.evidence).toEqual(['table full, dropping packet x 812', 'insert_failed +120/s', 'drop 5']);
  });

  it('keeps insert_failed when the table is not full', () => {
    const out = analyze(empty, [() => [f('conntrack.insert-failed', 'warning', ['insert_failed 199'])]]);
    expect(out.map((x) => x.id)).toEqual(['conntrack.insert-failed']);
  });

  it('turns a crashing analyzer into an info finding instead of failing the run', () => {
    const out = analyze(empty, [
      function explode() {
        throw new Error('bad data');
      },
      () => [f('route.flapping', 'warning', ['x'])],
    ]);
    expect(out.map((x) => x.id)).toEqual(['route.flapping', 'report.analyzer-failed']);
    expect(out[1]!.evidence[0]).toMatch(/explode: bad data/);
  });

  it('reports an incomplete collector report and the sections that did not run', () => {
    const report: Report = {
      ...empty,
      collector: {
        complete: false,
        sentinelSeen: false,
        bytesSeen: 4096,
        sections: [
          { name: 'basics', kind: 'host-info', status: 'ok', truncated: false },
          { name: 'ipvs', kind: 'ipvsadm', status: 'missing', rc: 127, truncated: false, cmd: 'ipvsadm -Ln' },
          { name: 'routes', kind: 'ip-route', status: 'ok', truncated: true },
        ],
      },
    };
    const out = analyze(report);
    const incomplete = out.find((x) => x.id === 'report.incomplete')!;
    expect(incomplete.severity).toBe('warning');
    expect(incomplete.evidence.join(' ')).toMatch(/4096 bytes and 3 sections/);
    const unavailable = out.find((x) => x.id === 'report.sections-unavailable')!;
    expect(unavailable.evidence).toEqual(['ipvs: missing (exit 127): ipvsadm -Ln', 'routes: cut at its size budget']);
  });
});
