import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import { iptablesListParser, readRule } from '../../../../src/parse/packet-filter/iptables-list.js';
import { parseWith } from '../parse-with.js';

// https://github.com/submariner-io/submariner/issues/1116 (2021-02): `iptables -t nat -L -n -v --line-numbers`,
// starting mid-chain and cut off mid-comment.
const LINE_NUMBERS = `2        0     0 KUBE-SVC-X3WUOHPTYIG7AA3Q  tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            /* kube-system/traefik:http */ tcp dpt:30741
3        0     0 KUBE-MARK-MASQ  tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            /* kube-system/traefik:https */ tcp dpt:30887

Chain KUBE-POSTROUTING (1 references)
num   pkts bytes target     prot opt in     out     source               destination         
1       30  1800 RETURN     all  --  *      *       0.0.0.0/0            0.0.0.0/0            mark match ! 0x4000/0x4000
2        5   300 MARK       all  --  *      *       0.0.0.0/0            0.0.0.0/0            MARK xor 0x4000
3        5   300 MASQUERADE  all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* kubernetes service traffic requiring SNAT */

Chain KUBE-PROXY-CANARY (0 references)
num   pkts bytes target     prot opt in     out     source               destination         

Chain KUBE-SEP-6HNFTDP6ZC32ZBJ3 (1 references)
num   pkts bytes target     prot opt in     out     source               destination         
1        0     0 KUBE-MARK-MASQ  all  --  *      *       192.168.122.67       0.0.0.0/0            /*`;

// https://github.com/k3s-io/k3s/issues/829 (2019-09-22): `iptables -L` without -n/-v, names resolved.
const PLAIN = `Chain INPUT (policy ACCEPT)
target     prot opt source               destination         
KUBE-SERVICES  all  --  anywhere             anywhere             ctstate NEW /* kubernetes service portals */
KUBE-FIREWALL  all  --  anywhere             anywhere            

Chain FORWARD (policy ACCEPT)
target     prot opt source               destination         
ACCEPT     all  --  master.novalocal/16  anywhere            

Chain KUBE-EXTERNAL-SERVICES (1 references)
target     prot opt source               destination         
REJECT     tcp  --  anywhere             anywhere             /* default/nginx:http has no endpoints */ ADDRTYP`;

describe('iptablesListParser', () => {
  it('reads --line-numbers with counters, an excerpt starting mid-chain, and MASQUERADE without random-fully', () => {
    const { value, notes } = parseWith(iptablesListParser, LINE_NUMBERS, 'iptables -t nat -L -n -v --line-numbers');
    expect(value.table).toBe('nat');
    expect(value.verbose).toBe(true);
    expect(value.chains).toBe(3);
    expect(value.tally.rules).toBe(6);
    expect(value.tally.masquerade.rules).toEqual([
      expect.objectContaining({ chain: 'KUBE-POSTROUTING', owner: 'kube-proxy', randomFully: false }),
    ]);
    expect(value.tally.iptablesModeRules).toBe(2);
    expect(notes).toEqual([]);
  });

  it('reads the plain format and the "has no endpoints" comment', () => {
    const { value } = parseWith(iptablesListParser, PLAIN);
    expect(value.verbose).toBe(false);
    expect(value.tally.rules).toBe(4);
    expect(value.tally.noEndpoints.rules).toEqual([
      { service: 'default/nginx:http', target: 'REJECT', local: false, chain: 'KUBE-EXTERNAL-SERVICES' },
    ]);
  });

  it('sees random-fully, K/M counters, a rule without target, and the legacy-tables warning', () => {
    const text = [
      'Chain POSTROUTING (policy ACCEPT 1234K packets, 75M bytes)',
      ' pkts bytes target     prot opt in     out     source               destination         ',
      ' 5616  337K MASQUERADE  all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* kubernetes service traffic requiring SNAT */ random-fully',
      '   12   720            all  --  *      *       10.0.0.0/8           0.0.0.0/0           ',
      'Warning: iptables-legacy tables present, use iptables-legacy to see them',
    ].join('\n');
    const { value } = parseWith(iptablesListParser, text, 'iptables -t nat -nvL POSTROUTING');
    expect(value.tally.masquerade.rules[0]).toMatchObject({ randomFully: true, owner: 'kube-proxy' });
    expect(value.tally.rules).toBe(2);
    expect(value.legacyTablesWarning).toBe(true);
  });

  it('reads one rule line with or without num, counters and opt', () => {
    expect(readRule('REJECT     tcp  --  anywhere  anywhere  /* a/b:c has no endpoints */')).toEqual({
      target: 'REJECT',
      counters: false,
      comment: 'a/b:c has no endpoints',
      catchAll: false,
    });
    expect(readRule('3  5  300 MASQUERADE  all  --  *  *  0.0.0.0/0  0.0.0.0/0')?.target).toBe('MASQUERADE');
    expect(readRule('    0     0            all  --  *  *  0.0.0.0/0  0.0.0.0/0')?.target).toBe('');
    expect(readRule('ACCEPT     all      ::/0                 ::/0')?.target).toBe('ACCEPT');
    expect(readRule('Then I checked the rules again')).toBeUndefined();
  });

  it('is detected from its headers in a paste, and its command is told from a count', () => {
    const d = diagnoseText(['**Describe the bug**', '```', PLAIN, '```'].join('\n'));
    expect(d.detected).toEqual(['iptables-list']);
    expect(iptablesListParser.command.test('iptables -t nat -L -n -v')).toBe(true);
    expect(iptablesListParser.command.test('iptables -nvL')).toBe(true);
    expect(iptablesListParser.command.test('iptables -L -t nat | wc -l')).toBe(false);
    expect(iptablesListParser.command.test('iptables --list-rules')).toBe(false);
    expect(iptablesListParser.classify('Chain KUBE-SERVICES (2 references)')).toBe(2);
    expect(iptablesListParser.classify('target     prot opt source               destination')).toBe(2);
    expect(iptablesListParser.classify('Chain of events: the pod restarted')).toBe(0);
    expect(iptablesListParser.classify('tcp        0      0 10.0.0.1:22   10.0.0.2:5000   ESTABLISHED')).toBe(0);
  });
});
