// The Claims port: post-once claims, so a Slack message (or any side effect that returns an id) happens once per key
// across every replica, and a retried job reuses the first answer instead of asking again.

export interface OnceResult {
  /** What the winning post returned (e.g. the message ts). */
  value: string;
  /** True in the process that posted. */
  posted: boolean;
}

/** Post-once claims (src/adapters/redis/claims.ts). */
export interface Claims {
  /**
   * Runs `post` once for `key` across processes and returns its value; later calls return the stored value without
   * posting. If `post` throws, the claim is dropped and the error rethrown.
   */
  once(key: string, post: () => Promise<string>): Promise<OnceResult>;
  /** The stored value for `key` once its post has finished; undefined while pending or never claimed. */
  get(key: string): Promise<string | undefined>;
  /**
   * Remembers the first value computed for `key` (e.g. the outcome of an enqueue) so a retried job reuses it instead
   * of asking again. Same semantics as `once`.
   */
  remember(key: string, compute: () => Promise<string>): Promise<string>;
}
