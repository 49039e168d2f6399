// The CLI entry: the plain `analyze` call runs directly (no command-line parser loaded), every other call goes
// through the commander program (cli/program.ts).
import { analyzeArgs } from './cli/analyze-args.js';
import { runAnalyze } from './cli/analyze-command.js';
import type { CliIo } from './cli/cli-io.js';
import { exitCodeOf } from './cli/exit-code.js';

/** Runs the netcheck CLI with the given argv (without `node` and the script) and returns the exit code. */
export async function main(args: readonly string[], io: CliIo): Promise<number> {
  const analyze = analyzeArgs(args);
  if (analyze === undefined) {
    // Every other call: commander, the other commands and what they load stay out of `analyze`'s start-up.
    const { runProgram } = await import('./cli/program.js');
    return runProgram(args, io);
  }
  try {
    return await runAnalyze(analyze.file, analyze.options, io);
  } catch (error) {
    return exitCodeOf(error, io);
  }
}
