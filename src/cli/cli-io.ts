// The CLI's I/O seam (standard streams and environment, so tests run commands in-process), its usage error and
// the colour decision (NO_COLOR, FORCE_COLOR, a TTY).
/** What a CLI command may touch, so tests can run commands in-process with captured output. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/** Usage errors exit 2, unusable input 1. */
export class UsageError extends Error {
  readonly exitCode = 2;
}

export function wantsColor(io: CliIo, flag: boolean | undefined): boolean {
  if (flag === false || (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '')) return false;
  return Boolean(io.stdout.isTTY) || io.env.FORCE_COLOR !== undefined;
}
