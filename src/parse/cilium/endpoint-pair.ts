// How a drop's two ends are named in evidence: the source without its (ephemeral) port, the destination with it.

/** `10.0.1.2:41234` -> `10.0.1.2`, `[fd00::1]:41234` -> `[fd00::1]`, `default/pod-x:41234` -> `default/pod-x`. */
export function withoutPort(end: string): string {
  const bracket = /^(\[[^\]]+\]):\d+$/.exec(end);
  if (bracket) return bracket[1]!;
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(end);
  if (v4) return v4[1]!;
  const named = /^([a-z0-9][\w.-]*\/[\w.-]+):\d+$/.exec(end);
  if (named) return named[1]!;
  return end;
}

/** `source -> destination:port` for a drop, the source's port left out (it differs on every connection). */
export function endpointPair(source: string, arrow: string, destination: string): string {
  return `${withoutPort(source)} ${arrow} ${destination}`;
}
