import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import { nftRulesetParser, nftTarget } from '../../../../src/parse/packet-filter/nft-ruleset.js';
import { parseWith } from '../parse-with.js';

// https://github.com/projectcalico/calico/issues/8025 (2023-09): `nft list ruleset` of iptables-nft tables, starting
// inside `table ip filter` and cut off in `table ip nat`.
const IPTABLES_NFT = `	chain OUTPUT {
		type filter hook output priority filter; policy accept;
		ct state new  counter packets 17904 bytes 1095462 jump KUBE-PROXY-FIREWALL
		ct state new  counter packets 17904 bytes 1095462 jump KUBE-SERVICES
		counter packets 2981987 bytes 1392656959 jump KUBE-FIREWALL
		counter packets 3117478 bytes 1399897442 accept
	}

	chain KUBE-FIREWALL {
		ip saddr != 127.0.0.0/8 ip daddr 127.0.0.0/8  ct status dnat counter packets 0 bytes 0 drop
	}

	chain KUBE-SERVICES {
	}
}
table ip nat {
	chain PREROUTING {
		type nat hook prerouting priority dstnat; policy accept;
		 counter packets 14225 bytes 1399557 jump cali-PREROUTING
		 counter packets 14258 bytes 1410381 jump KUBE-SERVICES
		iifname "eth0" udp dport 162 counter packets 0 bytes 0 redirect to :1162
		fib daddr type local counter packets 5 bytes 292 ju`;

// https://github.com/kubernetes/kubernetes/issues/131765 (2025-05-14): kube-proxy nftables mode, a Local-policy
// Service dropped on a node without its pod; element list on several lines.
const KUBE_PROXY_DROP = `table ip kube-proxy {
        map no-endpoint-services {
                type ipv4_addr . inet_proto . inet_service : verdict
                comment "vmap to drop or reject packets to services with no endpoints"
                elements = { 
                             10.88.1.2 . tcp . 80 comment "sys-ingress-priv/internal-ingress-controller-v2:web" : drop,
                             10.88.1.3 . tcp . 443 comment "sys-ingress-priv/internal-ingress-controller-v2:websecure" : drop }
        }
}`;

describe('nftRulesetParser', () => {
  it('reads iptables-nft tables seen through nft: KUBE-* chains, rules, counts per table', () => {
    const { value } = parseWith(nftRulesetParser, IPTABLES_NFT);
    expect(value.kubeProxyTable).toBe(false);
    expect(value.iptablesNftKubeChains).toBe(2);
    expect(value.iptablesNftKubeRules).toBe(3);
    expect(value.tables.map((t) => [t.family, t.name, t.role, t.rules])).toEqual([
      ['ip', '?', 'iptables-nft', 5],
      ['ip', 'nat', 'iptables-nft', 4],
    ]);
    expect(value.tally.tables.nat?.chains.PREROUTING).toBe(4);
  });

  it('reads kube-proxy nftables mode: no-endpoint elements over several lines, drop = no local endpoints', () => {
    const { value } = parseWith(nftRulesetParser, KUBE_PROXY_DROP, 'nft list table ip kube-proxy');
    expect(value.kubeProxyTable).toBe(true);
    expect(value.noEndpoints.entries).toEqual([
      {
        service: 'sys-ingress-priv/internal-ingress-controller-v2:web',
        target: 'DROP',
        local: true,
        map: 'no-endpoint-services',
      },
      {
        service: 'sys-ingress-priv/internal-ingress-controller-v2:websecure',
        target: 'DROP',
        local: true,
        map: 'no-endpoint-services',
      },
    ]);
    expect(value.rules).toBe(0);
  });

  it('reads reject-chain elements, service-ips, `# handle` suffixes and `masquerade fully-random`', () => {
    // Synthetic, in kube-proxy's nftables format (as above, with the verdict of a Service with no endpoints at all).
    const text = [
      'table ip kube-proxy { # handle 18',
      '\tmap service-ips { # handle 50',
      '\t\ttype ipv4_addr . inet_proto . inet_service : verdict',
      '\t\telements = { 10.96.0.10 . udp . 53 : goto service-FY5PMXPG-kube-system/kube-dns/udp/dns,',
      '\t\t\t     10.96.0.1 . tcp . 443 : goto service-2QRHZV4L-default/kubernetes/tcp/https }',
      '\t}',
      '\tmap no-endpoint-services {',
      '\t\telements = { 10.96.44.201 . tcp . 443 comment "shop/legacy-api:https" : goto reject-chain }',
      '\t}',
      '\tchain masquerading { # handle 7',
      '\t\tmeta mark & 0x00004000 == 0x00000000 return # handle 8',
      '\t\tmeta mark set meta mark ^ 0x00004000',
      '\t\tmasquerade fully-random',
      '\t}',
      '}',
    ].join('\n');
    const { value } = parseWith(nftRulesetParser, text);
    expect(value.serviceIps).toBe(2);
    expect(value.noEndpoints.entries).toEqual([
      { service: 'shop/legacy-api:https', target: 'REJECT', local: false, map: 'no-endpoint-services' },
    ]);
    expect(value.rules).toBe(3);
    expect(value.tally.masquerade.rules).toEqual([
      expect.objectContaining({ owner: 'kube-proxy', randomFully: true, chain: 'masquerading' }),
    ]);
  });

  it('maps nft verdicts to iptables targets', () => {
    expect(
      nftTarget('ip saddr != 127.0.0.0/8 ip daddr 127.0.0.0/8  ct status dnat counter packets 0 bytes 0 drop'),
    ).toBe('DROP');
    expect(nftTarget('counter packets 0 bytes 0 jump KUBE-SVC-NPX46M4PTMTKRN6Y')).toBe('KUBE-SVC-NPX46M4PTMTKRN6Y');
    expect(nftTarget('meta l4proto tcp counter packets 0 bytes 0 dnat to 10.244.0.3:53')).toBe('DNAT');
    expect(nftTarget('counter packets 0 bytes 0 meta mark set mark or 0x4000')).toBe('MARK');
    expect(nftTarget('oifname != "docker0" ip saddr 172.17.0.0/16 counter packets 0 bytes 0 masquerade')).toBe(
      'MASQUERADE',
    );
  });

  it('is detected in a paste and classifies its lines', () => {
    const d = diagnoseText(['should i see this change in nft?', '```', IPTABLES_NFT, '```'].join('\n'));
    expect(d.detected).toEqual(['nft-ruleset']);
    expect(nftRulesetParser.classify('table ip kube-proxy {')).toBe(2);
    expect(nftRulesetParser.classify('\tchain KUBE-SERVICES {')).toBe(2);
    expect(nftRulesetParser.classify('# Warning: table ip nat is managed by iptables-nft, do not touch!')).toBe(2);
    expect(nftRulesetParser.classify('Chain KUBE-SERVICES (2 references)')).toBe(0);
    expect(nftRulesetParser.classify('-A KUBE-SERVICES -j KUBE-NODEPORTS')).toBe(0);
  });
});
