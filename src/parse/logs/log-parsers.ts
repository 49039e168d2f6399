// The logs family's parser list: the kernel's, kube-proxy's, the CNI agents' and kubelet's logs.
import type { Parser } from '../parser.js';
import { cniLogParser } from './cni-log.js';
import { kernelLogParser } from './kernel-log.js';
import { kubeProxyLogParser } from './kube-proxy-log.js';
import { kubeletLogParser } from './kubelet-log.js';

/** Parsers of the log kinds, most specific first (ties between signatures go to the earlier parser). */
export const LOG_PARSERS: readonly Parser[] = [kubeProxyLogParser, cniLogParser, kubeletLogParser, kernelLogParser];
