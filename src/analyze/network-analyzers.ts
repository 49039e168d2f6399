import type { Analyzer } from './analyzer.js';

/** Analyzers drawing network findings. */
export const NETWORK_ANALYZERS: Analyzer[] = [];
