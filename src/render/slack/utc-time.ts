// Times as netcheck's Slack messages show them: UTC, so every reader in every time zone sees the same value. Pure.

/** `HH:MM:SS` in UTC of an ISO timestamp; the input itself when it is not a valid date. */
export function utcTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().slice(11, 19);
}

/** `YYYY-MM-DD HH:MM:SS UTC` of an ISO timestamp. */
export function utcDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : `${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 19)} UTC`;
}

/** A duration in milliseconds as `850 ms`, `6.2 s` or `3 min 5 s`. */
export function humanDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
