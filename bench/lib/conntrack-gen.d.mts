/** One `conntrack -L` line. */
export function conntrackLine(random: () => number): string;
/** Writes `lines` entries and the `conntrack -L` summary line to `path`. */
export function writeConntrackFile(path: string, lines: number, seed: number): Promise<void>;
/** Blocks of whole lines (about `blockBytes` each), with the number of lines in each. */
export function conntrackBlocks(seed: number, count: number, blockBytes: number): { buffer: Buffer; lines: number }[];
