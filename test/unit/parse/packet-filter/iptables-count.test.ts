import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import { itemsOf } from '../../../../src/parse/items-of.js';
import { iptablesCountParser } from '../../../../src/parse/packet-filter/iptables-count.js';
import { parseWith } from '../parse-with.js';

describe('iptablesCountParser', () => {
  it('reads the bare number after `iptables-save|wc -l` (no space before the pipe)', () => {
    // https://github.com/kubernetes/kubernetes/issues/14099 (2015-09-17)
    const d = diagnoseText(['```', '[root@l-kubecluster32.ops.cn1 ~]# iptables-save|wc -l', '9508', '```'].join('\n'));
    const [item] = itemsOf(d.report, iptablesCountParser);
    expect(item?.value.counts).toEqual([
      { backend: 'default', family: 'ipv4', unit: 'lines', value: 9508, source: 'iptables-save|wc -l' },
    ]);
    expect(d.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('reads `iptables -L -t nat | wc -l` as listing lines', () => {
    // https://github.com/kubernetes/kubernetes/issues/14870 (2015-09-30)
    const d = diagnoseText(['```', '# sudo iptables -L -t nat | wc -l', '164757', '```'].join('\n'));
    expect(itemsOf(d.report, iptablesCountParser)[0]?.value.counts[0]).toMatchObject({
      unit: 'list-lines',
      value: 164757,
    });
  });

  it('maps the numbers of a legacy/nft pair to their backends', () => {
    const { value } = parseWith(
      iptablesCountParser,
      '12\n2304',
      "iptables-legacy-save | grep -c '^-A'; iptables-nft-save | grep -c '^-A'",
    );
    expect(value.counts.map((c) => [c.backend, c.unit, c.value])).toEqual([
      ['legacy', 'rules', 12],
      ['nft', 'rules', 2304],
    ]);
  });

  it('reads the collector section (key=value lines)', () => {
    const text = [
      'iptables_version=iptables v1.8.7 (nf_tables)',
      'default_backend=nft',
      'legacy_rules=45',
      'legacy_tables=nat,filter',
      'legacy_kube_rules=40',
      'nft_rules=5210',
      'nft_kube_rules=5100',
      'nft_warns_legacy_tables=yes',
      'legacy6_save=missing',
      'kube_rules_in=iptables-nft-save',
    ].join('\n');
    const { value, notes } = parseWith(
      iptablesCountParser,
      text,
      'iptables -V; iptables-legacy-save ... | count -A lines',
    );
    expect(value.defaultBackend).toBe('nft');
    expect(value.legacyTablesWarning).toBe(true);
    expect(value.kubeRulesIn).toBe('iptables-nft-save');
    expect(value.counts.map((c) => [c.backend, c.value, c.kubeRules])).toEqual([
      ['legacy', 45, 40],
      ['nft', 5210, 5100],
    ]);
    expect(notes).toEqual([]);
  });

  it('detects the collector keys without a command, and never claims a bare number alone', () => {
    expect(iptablesCountParser.classify('legacy_rules=0')).toBe(2);
    expect(iptablesCountParser.classify('legacy=0 nft=5210')).toBe(2);
    expect(iptablesCountParser.classify('9508')).toBe(1);
    expect(iptablesCountParser.classify('net.netfilter.nf_conntrack_max = 131072')).toBe(0);
    const { value } = parseWith(iptablesCountParser, 'legacy=0 nft=5210');
    expect(value.counts.map((c) => [c.backend, c.value])).toEqual([
      ['legacy', 0],
      ['nft', 5210],
    ]);
  });
});
