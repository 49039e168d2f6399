// `--prometheus` for the CLI: adds the cross-check of a node's conntrack reading against Prometheus to its diagnosis.
import { orderFindings } from '../analyze/analyze.js';
import type { Diagnosis } from '../diagnose.js';
import type { CliIo } from './cli-io.js';

export interface PrometheusCheckOptions {
  /** Prometheus base URL (`--prometheus`, or `PROMETHEUS_URL`). */
  url: string;
  node: string;
  /** The node's addresses, matched against node_exporter `instance` labels. */
  addresses?: readonly string[];
}

/**
 * Adds the Prometheus cross-check to a node's diagnosis: node_exporter's conntrack series against the node's own
 * reading. A Prometheus that cannot be asked is reported on stderr and leaves the diagnosis as it was.
 */
export async function withPrometheusCheck(
  diagnosis: Diagnosis,
  options: PrometheusCheckOptions,
  io: CliIo,
): Promise<Diagnosis> {
  const [{ createPrometheusClient }, { crossCheckNode }, { PrometheusError }] = await Promise.all([
    import('../adapters/prometheus/prometheus-client.js'),
    import('../app/cross-check-node.js'),
    import('../adapters/prometheus/prometheus-error.js'),
  ]);
  try {
    const metrics = createPrometheusClient({ url: options.url, timeoutMs: 10_000 });
    const check = await crossCheckNode({
      metrics,
      node: options.node,
      report: diagnosis.report,
      ...(options.addresses ? { addresses: options.addresses } : {}),
    });
    return { ...diagnosis, findings: orderFindings([...diagnosis.findings, ...check.findings]) };
  } catch (error) {
    if (!(error instanceof PrometheusError)) throw error;
    io.stderr.write(`netcheck: Prometheus cross-check skipped: ${error.message}\n  → ${error.hint}\n`);
    return diagnosis;
  }
}
