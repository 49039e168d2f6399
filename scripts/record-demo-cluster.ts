// Records the demo cluster's broken nodes from the scenario lab: each node is a network namespace on this machine
// (test/support/lab/), built broken, and the real collector runs inside it. Run as root:
//   npx tsx scripts/record-demo-cluster.ts
// It writes demo/cluster/<node>.txt. The lab shares this machine's kernel, so the collector runs with its own host
// name (unshare --uts) and an empty kernel log (dmesg and journalctl shims that print nothing): the reports say
// nothing about the machine that recorded them.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectorArgs, readCollectorScript } from '../src/collector/collector-script.js';
import { diagnoseText } from '../src/diagnose.js';
import { kubeProxyRules } from '../test/support/lab/kube-proxy-rules.js';
import { canBuildLab, destroyLabHosts, type LabHost } from '../test/support/lab/lab-host.js';
import { overlayNode } from '../test/support/lab/overlay-node.js';

const STOCK_RESOLV =
  'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n';
const OUT = new URL('../demo/cluster/', import.meta.url).pathname;

/** The lab node of each demo node, and the finding it must show. */
const NODES: { name: string; expect: string | undefined; build: () => LabHost }[] = [
  {
    name: 'node-3',
    expect: 'mtu.mismatch',
    build: () =>
      withKubeProxy(overlayNode({ underlayMtu: 1400, vxlanMtu: 1450, podMtu: 1400, podRoutes: [1, 2, 3, 4] })),
  },
  {
    name: 'node-4',
    expect: 'route.missing-pod-route',
    build: () => withKubeProxy(overlayNode({ vxlanMtu: 1450, podMtu: 1450, podRoutes: [1, 3, 4, 5] })),
  },
  {
    name: 'node-5',
    expect: 'service.no-endpoints',
    build: () =>
      withKubeProxy(overlayNode({ vxlanMtu: 1450, podMtu: 1450, podRoutes: [1, 2, 3, 4] }), {
        noEndpoints: { clusterIp: '10.96.45.3', port: 80, service: 'shop/cart:http' },
      }),
  },
  {
    name: 'node-6',
    expect: 'iptables.masquerade-not-random',
    build: () => {
      const node = overlayNode({ vxlanMtu: 1450, podMtu: 1450, podRoutes: [1, 2, 3, 4] });
      node.run(['iptables-restore'], kubeProxyRules({ randomFully: false }));
      node.writeResolvConf(
        'search default.svc.cluster.local svc.cluster.local cluster.local ec2.internal corp.example.internal\nnameserver 10.96.0.10\noptions ndots:5\n',
      );
      return node;
    },
  },
  {
    name: 'node-7',
    expect: undefined,
    build: () => withKubeProxy(overlayNode({ vxlanMtu: 1450, podMtu: 1450, podRoutes: [1, 2, 3, 4, 5] })),
  },
];

function withKubeProxy(
  node: LabHost,
  extra: { noEndpoints?: { clusterIp: string; port: number; service: string } } = {},
) {
  node.run(['iptables-restore'], kubeProxyRules({ randomFully: true, ...extra }));
  node.writeResolvConf(STOCK_RESOLV);
  return node;
}

/** Runs the collector in `host` as `hostname`, with an empty kernel log. */
function record(host: LabHost, hostname: string, shims: string): string {
  const script = readCollectorScript();
  const args = collectorArgs({ interval: 1, deadline: 60 });
  const inner = `hostname ${hostname} && exec env PATH="${shims}:$PATH" sh -c "$1" netcheck-collector ${args.join(' ')}`;
  const r = spawnSync('ip', ['netns', 'exec', host.name, 'unshare', '--uts', 'sh', '-c', inner, 'record', script], {
    encoding: 'utf8',
    maxBuffer: 8 * 1024 * 1024,
    timeout: 90_000,
  });
  if (r.status !== 0) throw new Error(`collector in ${host.name} failed: ${r.stderr}`);
  return r.stdout;
}

const why = canBuildLab();
if (why) {
  console.error(`cannot record: ${why}`);
  process.exit(1);
}
const shims = mkdtempSync(join(tmpdir(), 'netcheck-demo-shims-'));
for (const tool of ['dmesg', 'journalctl']) {
  writeFileSync(join(shims, tool), '#!/bin/sh\nexit 0\n');
  chmodSync(join(shims, tool), 0o755);
}
try {
  for (const node of NODES) {
    const report = record(node.build(), node.name, shims);
    const ids = diagnoseText(report).findings.map((f) => `${f.id}:${f.severity}`);
    if (node.expect && !ids.some((id) => id.startsWith(`${node.expect}:`))) {
      throw new Error(`${node.name}: expected ${node.expect}, got ${ids.join(' ')}`);
    }
    writeFileSync(join(OUT, `${node.name}.txt`), report);
    console.log(`${node.name}: ${ids.join(' ')}`);
  }
} finally {
  destroyLabHosts();
  rmSync(shims, { recursive: true, force: true });
}
