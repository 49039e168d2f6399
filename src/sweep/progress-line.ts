// The sweep's one-line progress bar for a terminal (pure).
/** What a progress line shows: nodes done (failed among them) out of the total, and how many are running. */
export interface ProgressState {
  done: number;
  failed: number;
  total: number;
  running: number;
}

/** `[██████······] 120/200 nodes, 3 failed, 20 running` for a terminal's status line. Pure. */
export function progressLine(state: ProgressState, width = 24): string {
  const share = state.total > 0 ? state.done / state.total : 1;
  const filled = Math.min(width, Math.round(share * width));
  const failed = state.failed > 0 ? `, ${state.failed} failed` : '';
  return `[${'█'.repeat(filled)}${'·'.repeat(width - filled)}] ${state.done}/${state.total} nodes${failed}, ${state.running} running`;
}
