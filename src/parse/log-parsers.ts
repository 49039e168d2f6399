import type { Parser } from './parser.js';
import { cniLogParser } from './parsers/cni-log.js';
import { kernelLogParser } from './parsers/kernel-log.js';
import { kubeProxyLogParser } from './parsers/kube-proxy-log.js';
import { nodeMetricsParser } from './parsers/node-metrics.js';

/** Parsers of the log kinds, most specific first (ties between signatures go to the earlier parser). */
export const LOG_PARSERS: Parser[] = [
  kubeProxyLogParser as Parser,
  cniLogParser as Parser,
  kernelLogParser as Parser,
  nodeMetricsParser as Parser,
];
