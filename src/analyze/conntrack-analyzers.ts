import type { Analyzer } from './analyzer.js';

/** Analyzers drawing conntrack findings. */
export const CONNTRACK_ANALYZERS: Analyzer[] = [];
