// A fast recogniser for the plain `netcheck analyze [FILE|-] [--json] [--no-color]` call, so the common case starts
// without loading commander.
import type { PrintOptions } from './print-diagnosis.js';

/** The plain `analyze` call: its file (undefined for stdin) and options, as commander would give them. */
export interface AnalyzeArgs {
  file: string | undefined;
  options: PrintOptions;
}

/**
 * Recognises `analyze [FILE|-] [--json] [--no-color]` (options in any order) without loading the command-line
 * parser, so the most common call starts sooner; undefined for anything else (help, other options, `--`, a second
 * file, a name starting with `-`), which the full parser handles, usage errors included.
 */
export function analyzeArgs(args: readonly string[]): AnalyzeArgs | undefined {
  if (args[0] !== 'analyze') return undefined;
  let file: string | undefined;
  const options: PrintOptions = { color: true };
  for (const arg of args.slice(1)) {
    if (arg === '--json') options.json = true;
    else if (arg === '--no-color') options.color = false;
    else if (file === undefined && (arg === '-' || (arg !== '' && !arg.startsWith('-')))) file = arg;
    else return undefined;
  }
  return { file, options };
}
