import type { Analyzer } from './analyzer.js';

/** Analyzers drawing log findings. */
export const LOG_ANALYZERS: Analyzer[] = [];
