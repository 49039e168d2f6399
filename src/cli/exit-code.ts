// The CLI's exit code for a thrown error: usage errors and unreadable input, everything else rethrown.
import { InputError } from '../input/input-error.js';
import { type CliIo, UsageError } from './cli-io.js';

/** The exit code for an error a command threw: 2 for a usage error, 1 for unreadable input; anything else rethrown. */
export function exitCodeOf(error: unknown, io: CliIo): number {
  if (error instanceof UsageError) {
    io.stderr.write(`netcheck: ${error.message}\n`);
    return 2;
  }
  if (error instanceof InputError) {
    io.stderr.write(`netcheck: ${error.message}\n`);
    return 1;
  }
  throw error;
}
