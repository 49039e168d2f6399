// A report's node_exporter scrapes per node, in input order, and the time between two of them.
import type { Report } from '../../domain/report.js';
import { itemsOf } from '../../parse/items-of.js';
import { type NodeExporterInstance, nodeMetricsParser } from '../../parse/metrics/node-exporter-metrics.js';

/** One scrape of one node: its series and when it was taken (epoch seconds), when known. */
export interface MetricSample {
  instance: string;
  values: NodeExporterInstance;
  at?: number;
  /** The sample came from a collector section (its `at` is the section's start). */
  collector: boolean;
}

/** The node_exporter samples of a report, per `instance` label ('' when unlabelled), in input order. */
export function metricSamples(report: Report): Map<string, MetricSample[]> {
  const out = new Map<string, MetricSample[]>();
  for (const item of itemsOf(report, nodeMetricsParser)) {
    for (const [instance, values] of Object.entries(item.value.instances)) {
      const sample: MetricSample = { instance, values, collector: item.source.section !== undefined };
      const at = item.source.section?.at ?? (values.timestampMs !== undefined ? values.timestampMs / 1000 : undefined);
      if (at !== undefined) sample.at = at;
      const list = out.get(instance) ?? [];
      list.push(sample);
      out.set(instance, list);
    }
  }
  return out;
}

/** `node 10.0.0.5:9100: ` or '' for an unlabelled scrape. */
export function nodeLabel(instance: string): string {
  return instance === '' ? '' : `${instance}: `;
}

/** Seconds between two samples: from their times, else from the collector's interval. */
export function secondsBetween(a: MetricSample, b: MetricSample, interval: number | undefined): number | undefined {
  if (a.at !== undefined && b.at !== undefined && b.at > a.at) return b.at - a.at;
  if (a.collector && b.collector && interval !== undefined && interval > 0) return interval;
  return undefined;
}
