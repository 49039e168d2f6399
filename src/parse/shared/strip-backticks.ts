// Removing the inline-code backticks a chat paste leaves around a line.
/** Removes the inline-code backticks a paste may carry at the start and end of a line (`` `sockets: used 5 ``). */
export function stripBackticks(line: string): string {
  return line.replace(/^\s*`+/, '').replace(/`+\s*$/, '');
}

/** The line without those backticks and without surrounding whitespace. */
export function trimPasted(line: string): string {
  return stripBackticks(line).trim();
}
