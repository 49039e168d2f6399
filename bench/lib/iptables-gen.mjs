// Generates a realistic iptables-save of a large cluster's node with kube-proxy in iptables mode.
import { createRandom, intBetween, weighted } from './prng.mjs';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const NAMESPACES = ['default', 'kube-system', 'monitoring', 'payments', 'search', 'checkout', 'ingress', 'data'];
const PORTS = [
  [5, ['http', 'tcp', 80, 8080]],
  [4, ['https', 'tcp', 443, 8443]],
  [2, ['grpc', 'tcp', 9090, 9090]],
  [1, ['metrics', 'tcp', 9100, 9100]],
  [1, ['postgres', 'tcp', 5432, 5432]],
  [1, ['dns', 'udp', 53, 53]],
];

const chainId = (r) => {
  let s = '';
  for (let i = 0; i < 16; i++) s += BASE32[Math.floor(r() * 32)];
  return s;
};

/** Returns the lines of an iptables-save with exactly `rules` `-A` lines, and how many services it programs. */
export function iptablesSave(rules, seed) {
  const r = createRandom(seed);
  const date = 'Mon Nov 25 10:00:00 2024';
  const filterRules = [
    '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
    '-A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS',
    '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
    '-A INPUT -j KUBE-FIREWALL',
    '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
    '-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD',
    '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
    '-A FORWARD -s 10.244.0.0/16 -j ACCEPT',
    '-A FORWARD -d 10.244.0.0/16 -j ACCEPT',
    '-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
    '-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A OUTPUT -j KUBE-FIREWALL',
    '-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
    '-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP',
    '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT',
    '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
  ];
  const natHead = [
    '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
    '-A POSTROUTING -s 10.244.0.0/16 ! -d 10.244.0.0/16 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully',
    '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
    '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
    '-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0',
    '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
  ];
  const natTail =
    '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS';
  const chains = [];
  const services = [];
  const nodeports = [];
  const svcChains = [];
  const sepChains = [];
  const extChains = [];
  let count = filterRules.length + natHead.length + 1;
  let serviceCount = 0;
  let nodePort = 30000;
  const budget = rules - 8; // room for a few Services without endpoints, which pad to the exact count
  for (;;) {
    const endpoints = weighted(r, [
      [3, 1],
      [4, 2],
      [3, 3],
    ]);
    const withNodePort = r() < 0.1;
    const cost = 2 + 3 * endpoints + (withNodePort ? 3 : 0);
    if (count + cost > budget) break;
    count += cost;
    serviceCount++;
    const ns = NAMESPACES[intBetween(r, 0, NAMESPACES.length - 1)];
    const [portName, proto, port, target] = weighted(r, PORTS);
    const name = `${ns}/svc-${serviceCount}:${portName}`;
    const ip = `10.96.${(serviceCount >> 8) & 255}.${serviceCount & 255}`;
    const svc = `KUBE-SVC-${chainId(r)}`;
    chains.push(svc);
    services.push(
      `-A KUBE-SERVICES -d ${ip}/32 -p ${proto} -m comment --comment "${name} cluster IP" -m ${proto} --dport ${port} -j ${svc}`,
    );
    svcChains.push(
      `-A ${svc} ! -s 10.244.0.0/16 -d ${ip}/32 -p ${proto} -m comment --comment "${name} cluster IP" -m ${proto} --dport ${port} -j KUBE-MARK-MASQ`,
    );
    if (withNodePort) {
      const ext = `KUBE-EXT-${svc.slice(9)}`;
      chains.push(ext);
      nodeports.push(
        `-A KUBE-NODEPORTS -p ${proto} -m comment --comment "${name}" -m ${proto} --dport ${nodePort++} -j ${ext}`,
      );
      extChains.push(
        `-A ${ext} -m comment --comment "masquerade traffic for ${name} external destinations" -j KUBE-MARK-MASQ`,
        `-A ${ext} -j ${svc}`,
      );
    }
    for (let e = 0; e < endpoints; e++) {
      const sep = `KUBE-SEP-${chainId(r)}`;
      chains.push(sep);
      const podIp = `10.244.${intBetween(r, 0, 255)}.${intBetween(r, 2, 254)}`;
      const left = endpoints - e;
      const probability = left > 1 ? ` -m statistic --mode random --probability ${(1 / left).toFixed(11)}` : '';
      svcChains.push(`-A ${svc} -m comment --comment "${name} -> ${podIp}:${target}"${probability} -j ${sep}`);
      sepChains.push(
        `-A ${sep} -s ${podIp}/32 -m comment --comment "${name}" -j KUBE-MARK-MASQ`,
        `-A ${sep} -p ${proto} -m comment --comment "${name}" -m ${proto} -j DNAT --to-destination ${podIp}:${target}`,
      );
    }
  }
  const noEndpoints = [];
  while (count < rules) {
    serviceCount++;
    count++;
    const ip = `10.96.${(serviceCount >> 8) & 255}.${serviceCount & 255}`;
    noEndpoints.push(
      `-A KUBE-SERVICES -d ${ip}/32 -p tcp -m comment --comment "default/orphan-${serviceCount}:http has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable`,
    );
  }
  chains.sort();
  const lines = [
    `# Generated by iptables-save v1.8.9 (nf_tables) on ${date}`,
    '*mangle',
    ':PREROUTING ACCEPT [0:0]',
    ':INPUT ACCEPT [0:0]',
    ':FORWARD ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':POSTROUTING ACCEPT [0:0]',
    ':KUBE-IPTABLES-HINT - [0:0]',
    ':KUBE-KUBELET-CANARY - [0:0]',
    ':KUBE-PROXY-CANARY - [0:0]',
    'COMMIT',
    `# Completed on ${date}`,
    `# Generated by iptables-save v1.8.9 (nf_tables) on ${date}`,
    '*filter',
    ':INPUT ACCEPT [0:0]',
    ':FORWARD DROP [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':KUBE-EXTERNAL-SERVICES - [0:0]',
    ':KUBE-FIREWALL - [0:0]',
    ':KUBE-FORWARD - [0:0]',
    ':KUBE-KUBELET-CANARY - [0:0]',
    ':KUBE-NODEPORTS - [0:0]',
    ':KUBE-PROXY-CANARY - [0:0]',
    ':KUBE-PROXY-FIREWALL - [0:0]',
    ':KUBE-SERVICES - [0:0]',
    ...filterRules,
    ...noEndpoints,
    'COMMIT',
    `# Completed on ${date}`,
    `# Generated by iptables-save v1.8.9 (nf_tables) on ${date}`,
    '*nat',
    ':PREROUTING ACCEPT [0:0]',
    ':INPUT ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':POSTROUTING ACCEPT [0:0]',
    ':KUBE-KUBELET-CANARY - [0:0]',
    ':KUBE-MARK-MASQ - [0:0]',
    ':KUBE-NODEPORTS - [0:0]',
    ':KUBE-POSTROUTING - [0:0]',
    ':KUBE-PROXY-CANARY - [0:0]',
    ':KUBE-SERVICES - [0:0]',
    ...chains.map((c) => `:${c} - [0:0]`),
    ...natHead,
    ...extChains,
    ...nodeports,
    ...sepChains,
    ...services,
    natTail,
    ...svcChains,
    'COMMIT',
    `# Completed on ${date}`,
  ];
  return { lines, services: serviceCount };
}
