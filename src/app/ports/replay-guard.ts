// The ReplayGuard port: signed Slack requests remembered across replicas, so a replayed request runs nothing.

/** Remembers request signatures across replicas. */
export interface ReplayGuard {
  /** True the first time `signature` is seen within `ttlSeconds`; false for a replay. Rejects when it cannot tell. */
  firstSeen(signature: string, ttlSeconds: number): Promise<boolean>;
}
