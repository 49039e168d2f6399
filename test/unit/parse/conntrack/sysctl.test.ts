import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import { type SysctlValue, sysctlParser, sysctlValue } from '../../../../src/parse/conntrack/sysctl.js';
import { parseLines } from '../parse-with.js';

const fixture = (slug: string) =>
  readFileSync(new URL(`../../../fixtures/real/${slug}/input.txt`, import.meta.url), 'utf8');

function sysctls(text: string): SysctlValue[] {
  return diagnoseText(text)
    .report.items.filter((i) => i.kind === 'sysctl')
    .map((i) => i.value as SysctlValue);
}

function parse(lines: string[], command?: string): SysctlValue {
  return parseLines(sysctlParser, lines, command ? { command } : {}).value;
}

describe('sysctl parser', () => {
  // https://github.com/netdata/netdata/issues/3154 (2017-12-19): the legacy `net.nf_conntrack_max` key.
  it('reads the legacy max key and finds it under the modern name', () => {
    const [value] = sysctls(fixture('a-sysctl-legacy-net-nf-conntrack-max-netdata-3154'));
    expect(value!.values['net.nf_conntrack_max']).toBe('1000000');
    expect(sysctlValue(value!.values, 'net.netfilter.nf_conntrack_max')).toBe('1000000');
  });

  // https://blog.miraco.la/how-conntrack-could-be-limiting-your-k8s-gateway (date not stated): trailing comments.
  it('strips a trailing `# comment` from the value', () => {
    const values = sysctls(fixture('a-sysctl-max-inline-comments-miracola'));
    expect(values.map((v) => v.values['net.netfilter.nf_conntrack_max'])).toEqual(['131072', '262144', '131072']);
  });

  // https://github.com/Chion82/netfilter-full-cone-nat/issues/7 (2018-04-27): prose and a full-width comment.
  it('keeps the number first when a full-width comment follows it', () => {
    const [value] = sysctls(fixture('a-sysctl-timeouts-fullwidth-comment-fullconenat-7'));
    expect(value!.values['net.netfilter.nf_conntrack_tcp_timeout_established']).toMatch(/^600 /);
    expect(value!.values['net.netfilter.nf_conntrack_generic_timeout']).toBe('600');
  });

  it('reads `key=value` files, `sysctl -n` values, errors and the collector comment', () => {
    const file = parse([
      '# /etc/sysctl.d/99-k8s.conf',
      'net.bridge.bridge-nf-call-iptables=1',
      'net.ipv4.ip_local_port_range = 1024\t65000',
      'kernel.hostname = node-1',
      'sysctl: cannot stat /proc/sys/net/netfilter/nf_conntrack_max: No such file or directory',
      "sysctl: permission denied on key 'net.netfilter.nf_conntrack_max'",
      '# netcheck: not present: net.bridge.bridge-nf-call-ip6tables',
    ]);
    expect(file.values['net.bridge.bridge-nf-call-iptables']).toBe('1');
    expect(file.values['net.ipv4.ip_local_port_range']).toBe('1024 65000');
    expect(file.values['kernel.hostname']).toBeUndefined();
    expect(file.lines).toBe(3);
    expect(file.missing).toEqual(['net.netfilter.nf_conntrack_max', 'net.bridge.bridge-nf-call-ip6tables']);
    expect(file.errors[0]).toMatch(/permission denied/);
    const bare = parse(
      ['262144', '432000'],
      'sysctl -n net.netfilter.nf_conntrack_max net.netfilter.nf_conntrack_tcp_timeout_established',
    );
    expect(bare.values['net.netfilter.nf_conntrack_tcp_timeout_established']).toBe('432000');
  });

  it('classifies sysctl lines and leaves other key=value text alone', () => {
    expect(sysctlParser.classify('net.netfilter.nf_conntrack_max = 524288')).toBe(2);
    expect(sysctlParser.classify('vm.max_map_count=262144')).toBe(2);
    expect(
      sysctlParser.classify(
        'sysctl: cannot stat /proc/sys/net/netfilter/nf_conntrack_count: No such file or directory',
      ),
    ).toBe(2);
    expect(sysctlParser.classify('# HELP node_nf_conntrack_entries Number of entries')).toBe(0);
    expect(sysctlParser.classify('nf_conntrack_count=1204')).toBe(0);
    expect(sysctlParser.classify('cpu=0 found=0 invalid=16')).toBe(0);
    expect(sysctlParser.classify('network is down = sad')).toBe(0);
  });

  it('bounds the keys it keeps (synthetic sysctl -a of 5000 keys)', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `net.ipv4.conf.all.key_${i} = ${i}`);
    const value = parse(lines);
    expect(Object.keys(value.values).length).toBeLessThanOrEqual(2000);
    expect(value.lines).toBe(5000);
  });
});
