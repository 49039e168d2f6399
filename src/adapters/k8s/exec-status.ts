// The exec channel's final status (channel 3, a V1Status without kind) as an exit code. Only
// `details.causes[reason=ExitCode].message` carries the code; the message text differs per container runtime.

export interface ExecStatusLike {
  status?: string;
  reason?: string;
  message?: string;
  details?: { causes?: { reason?: string; message?: string }[] };
}

export interface ExitStatus {
  /** The command's exit status, or null when the status carries none. */
  exitCode: number | null;
  /** Why the exec failed when it was not the command's own exit (e.g. `InternalError`). */
  failure?: string;
}

export function exitStatusOf(status: ExecStatusLike): ExitStatus {
  if (status.status === 'Success') return { exitCode: 0 };
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  const code = cause?.message !== undefined && /^\d{1,3}$/.test(cause.message.trim()) ? Number(cause.message) : NaN;
  if (status.reason === 'NonZeroExitCode' && Number.isInteger(code) && code >= 0 && code <= 255) {
    return { exitCode: code };
  }
  const reason = status.reason ? `${status.reason}: ` : '';
  return { exitCode: null, failure: `${reason}${status.message ?? 'the exec failed without a message'}` };
}
