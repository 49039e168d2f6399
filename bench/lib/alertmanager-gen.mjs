// Alertmanager webhook deliveries (payload v4) as kube-prometheus-stack's Alertmanager sends them, for the intake
// benchmark: seeded groups of real alert shapes (node-exporter, kubelet, kube-state-metrics), each delivery a
// distinct body made from its group's pre-serialised template.
import { createRandom, intBetween, weighted } from './prng.mjs';

/** kube-prometheus alerts and the labels their rules and scrape configs give them. */
const RULES = [
  {
    alertname: 'NodeHighNumberConntrackEntriesUsed',
    severity: 'warning',
    target: 'node-exporter',
    summary: 'Number of conntrack are getting close to the limit.',
    description: (i) => `${70 + (i % 25)}.${i % 10}% of conntrack entries are used.`,
    runbook: 'node/nodehighnumberconntrackentriesused',
    expr: '%28node_nf_conntrack_entries+%2F+node_nf_conntrack_entries_limit%29+%3E+0.75',
  },
  {
    alertname: 'NodeNetworkReceiveErrs',
    severity: 'warning',
    target: 'node-exporter',
    summary: 'Network interface is reporting many receive errors.',
    description: (i) => `eth0 interface has encountered ${i * 7} receive errors in the last two minutes.`,
    runbook: 'node/nodenetworkreceiveerrs',
    expr: 'rate%28node_network_receive_errs_total%7Bjob%3D%22node-exporter%22%7D%5B2m%5D%29+%3E+0.01',
  },
  {
    alertname: 'KubePodCrashLooping',
    severity: 'warning',
    target: 'kube-state-metrics',
    summary: 'Pod is crash looping.',
    description: (i) => `Pod shop/cart-7d9f8c6b5-x${i} (cart) is in waiting state (reason: "CrashLoopBackOff").`,
    runbook: 'kubernetes/kubepodcrashlooping',
    expr: 'max_over_time%28kube_pod_container_status_waiting_reason%7Breason%3D%22CrashLoopBackOff%22%7D%5B5m%5D%29+%3E%3D+1',
  },
  {
    alertname: 'TargetDown',
    severity: 'warning',
    target: 'kubelet',
    summary: 'One or more targets are unreachable.',
    description: (i) => `${(i % 100) + 1}% of the kubelet/kubelet targets in kube-system namespace are down.`,
    runbook: 'general/targetdown',
    expr: '100+%2A+%28count+by%28job%2C+namespace%2C+service%29+%28up+%3D%3D+0%29%29+%3E+10',
  },
];

/** Alerts per delivery: mostly one, sometimes a few, rarely a storm (weights in percent). */
const ALERTS_PER_DELIVERY = [
  [60, [1, 1]],
  [25, [2, 5]],
  [12, [6, 20]],
  [3, [21, 100]],
];

function alert(rule, node, index, cluster) {
  const labels = {
    alertname: rule.alertname,
    cluster,
    container: rule.target === 'node-exporter' ? 'kube-rbac-proxy' : rule.target,
    endpoint: 'https',
    instance: rule.target === 'node-exporter' ? `10.0.${index >> 8}.${index & 255}:9100` : node,
    job: rule.target,
    namespace: 'monitoring',
    node,
    pod: `${rule.target}-${(index * 7919).toString(36).slice(0, 5)}`,
    prometheus: 'monitoring/k8s',
    service: rule.target,
    severity: rule.severity,
  };
  return {
    status: 'firing',
    labels,
    annotations: {
      description: rule.description(index),
      runbook_url: `https://runbooks.prometheus-operator.dev/runbooks/${rule.runbook}`,
      summary: rule.summary,
    },
    startsAt: '@STARTS@',
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: `http://prometheus-k8s-0:9090/graph?g0.expr=${rule.expr}&g0.tab=1`,
    fingerprint: (0x1000000000000000n + BigInt(index) * 0x9e3779b97f4a7n).toString(16).slice(-16),
  };
}

/**
 * `groups` delivery templates (seeded). `body(seq)` gives the JSON text of one delivery: the template with a
 * `startsAt` that makes every sequence number a distinct delivery (a re-fire), so no two share a job.
 */
export function alertmanagerGroups(groups = 400, seed = 7) {
  const random = createRandom(seed);
  const templates = [];
  for (let g = 0; g < groups; g++) {
    const rule = RULES[g % RULES.length];
    const [min, max] = weighted(random, ALERTS_PER_DELIVERY);
    const count = intBetween(random, min, max);
    const cluster = 'prod-eu-1';
    const alerts = Array.from({ length: count }, (_, i) =>
      alert(rule, `node-${(g * 13 + i) % 500}`, g * 100 + i, cluster),
    );
    const first = alerts[0].labels;
    const common =
      count === 1 ? first : { alertname: rule.alertname, cluster, namespace: 'monitoring', severity: rule.severity };
    const payload = {
      receiver: 'netcheck',
      status: 'firing',
      alerts,
      groupLabels: { alertname: rule.alertname, cluster, ...(count === 1 ? { instance: first.instance } : {}) },
      commonLabels: common,
      commonAnnotations: count === 1 ? alerts[0].annotations : { summary: rule.summary },
      externalURL: 'http://alertmanager-main-0:9093',
      version: '4',
      groupKey: `{}/{severity=~"^(?:warning|critical)$"}:{alertname="${rule.alertname}", cluster="${cluster}"${count === 1 ? `, instance="${first.instance}"` : ''}, group="${g}"}`,
      truncatedAlerts: 0,
    };
    templates.push({ alerts: count, parts: JSON.stringify(payload).split('@STARTS@') });
  }
  const base = Date.parse('2026-11-23T20:00:00.000Z');
  const firstStart = (seq) => new Date(base + seq * 1000).toISOString();
  const body = (seq) => {
    const { parts } = templates[seq % templates.length];
    let text = parts[0] + firstStart(seq);
    for (let i = 1; i < parts.length - 1; i++) text += `${parts[i]}2026-11-23T19:00:00.000Z`;
    return text + parts[parts.length - 1];
  };
  return {
    templates,
    /** The body of delivery `seq` of group `seq % groups`: its first alert (re-)started at a time unique to `seq`. */
    body,
    /**
     * `(seq) => Buffer`: delivery `seq` as a whole HTTP/1.1 request (request line, `headers`, content-length, body),
     * copied from a pre-encoded template with only the first `startsAt` rewritten (ISO times have a fixed length).
     */
    requests(path, headers) {
      const encoded = templates.map((_, g) => {
        const text = body(g);
        const bytes = Buffer.from(text);
        const head = [`POST ${path} HTTP/1.1`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
        head.push(`content-length: ${bytes.length}`, '', '');
        const prefix = Buffer.from(head.join('\r\n'), 'latin1');
        const offset = prefix.length + Buffer.byteLength(text.slice(0, text.indexOf(firstStart(g))));
        return { bytes: Buffer.concat([prefix, bytes]), offset };
      });
      return (seq) => {
        const { bytes, offset } = encoded[seq % encoded.length];
        const copy = Buffer.allocUnsafe(bytes.length);
        bytes.copy(copy);
        copy.write(firstStart(seq), offset, 'latin1');
        return copy;
      };
    },
  };
}
