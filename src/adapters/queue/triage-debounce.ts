// Per-node debounce of auto-triage: one atomic claim in Redis per node and window, shared by every bot replica.
// The conntrack alert flaps (`for: 0m`), so without it every flap would exec into the node again.
import type { Redis } from 'ioredis';

// Sets the claim when there is none and returns nil; otherwise returns the current claim.
/** The claim's key: `<prefix>:triage:<node>`, as every replica computes it. */
function triageKey(prefix: string, node: string): string {
  return `${prefix}:triage:${node}`;
}

const CLAIM = `
local current = redis.call('GET', KEYS[1])
if current then return current end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return false
`;

export interface TriageClaim {
  /** ISO time of the auto-triage that holds the window. */
  at: string;
  jobId: string;
}

export type ClaimResult = { claimed: true } | { claimed: false; holder: TriageClaim };

/**
 * Claims the debounce window of `node` for `jobId`, or returns who holds it. The same jobId claiming again (a replayed
 * request) counts as claimed, so a retried alert job still gets its own job back.
 */
export async function claimTriage(
  connection: Redis,
  prefix: string,
  node: string,
  claim: TriageClaim,
  windowMs: number,
): Promise<ClaimResult> {
  const key = triageKey(prefix, node);
  const current = (await connection.eval(CLAIM, 1, key, JSON.stringify(claim), String(windowMs))) as string | null;
  if (current === null) return { claimed: true };
  const holder = parseClaim(current);
  if (holder.jobId === claim.jobId) return { claimed: true };
  return { claimed: false, holder };
}

// Deletes the claim only while `jobId` holds it.
const RELEASE = `
local current = redis.call('GET', KEYS[1])
if current and string.find(current, ARGV[1], 1, true) then redis.call('DEL', KEYS[1]) end
return 0
`;

/** Gives the window back when `jobId` holds it (its job could not be queued). */
export async function releaseTriage(connection: Redis, prefix: string, node: string, jobId: string): Promise<void> {
  await connection.eval(RELEASE, 1, triageKey(prefix, node), JSON.stringify(jobId));
}

function parseClaim(text: string): TriageClaim {
  try {
    const value = JSON.parse(text) as Partial<TriageClaim>;
    if (typeof value.at === 'string' && typeof value.jobId === 'string') return { at: value.at, jobId: value.jobId };
  } catch {
    // fall through: a foreign value still debounces
  }
  return { at: new Date().toISOString(), jobId: '' };
}
