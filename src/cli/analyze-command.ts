// `netcheck analyze`: a report or pasted output from a file or stdin, streamed into the diagnosis and printed.
import { type Stats, statSync } from 'node:fs';
import { diagnoseChunks } from '../diagnose.js';
import { type CliIo, UsageError } from './cli-io.js';
import { type PrintOptions, printDiagnosis } from './print-diagnosis.js';
import { readChunksSync } from './read-chunks.js';

/** `netcheck analyze [FILE|-]`: reads a report or a pasted output (streamed, any size) and prints the findings. */
export async function runAnalyze(file: string | undefined, options: PrintOptions, io: CliIo): Promise<number> {
  const source = await openInput(file, io);
  const diagnosis = await diagnoseChunks(source);
  return printDiagnosis(diagnosis, options, io);
}

async function openInput(
  file: string | undefined,
  io: CliIo,
): Promise<AsyncIterable<Buffer | string> | Iterable<Buffer>> {
  if (file === undefined || file === '-') {
    if (file === undefined && io.stdin.isTTY) {
      throw new UsageError('give a FILE to analyze, or pipe command output on stdin (netcheck analyze - < report.txt)');
    }
    // The process's own stdin is read synchronously from fd 0 (fast); an injected stream is read as a stream.
    return io.stdin === process.stdin ? readChunksSync(0) : (io.stdin as AsyncIterable<Buffer | string>);
  }
  // Synchronous, like the reads that follow: node:fs/promises (and what it loads) stays out of start-up.
  let info: Stats;
  try {
    info = statSync(file);
  } catch (caught) {
    const error = caught as NodeJS.ErrnoException;
    throw new UsageError(error.code === 'ENOENT' ? `no such file: ${file}` : `cannot read ${file}: ${error.message}`);
  }
  if (info.isDirectory()) throw new UsageError(`${file} is a directory; give a file with command output`);
  return readChunksSync(file);
}
