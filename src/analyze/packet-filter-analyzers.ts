import type { Analyzer } from './analyzer.js';

/** Analyzers drawing packet-filter findings. */
export const PACKET_FILTER_ANALYZERS: Analyzer[] = [];
