// The Claims port's contract (src/app/ports/claims.ts) as cases any implementation must pass: the Redis claims and the
// in-memory ones run the same cases (test/adapters/redis/claims-contract.test.ts).
import { expect, it } from 'vitest';
import type { Claims } from '../../src/app/ports/claims.js';

/** Fresh claims for one case; `open` gives another process's view of them (waiting at most `waitMs`). */
export type ClaimsWorld = () => { open(waitMs?: number): Claims };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function claimsContract(world: ClaimsWorld): void {
  it('posts once across processes; every caller gets the winner value', async () => {
    const { open } = world();
    let posts = 0;
    const post = async () => {
      posts++;
      await sleep(50);
      return `ts-${posts}`;
    };
    const results = await Promise.all([open().once('k', post), open().once('k', post), open().once('k', post)]);
    expect(posts).toBe(1);
    expect(results.map((r) => r.value)).toEqual(['ts-1', 'ts-1', 'ts-1']);
    expect(results.filter((r) => r.posted)).toHaveLength(1);
    expect(await open().get('k')).toBe('ts-1');
    expect(await open().get('other')).toBeUndefined();
  });

  it('drops the claim of a failed post so a retry posts', async () => {
    const claims = world().open();
    await expect(claims.once('k', () => Promise.reject(new Error('slack down')))).rejects.toThrow('slack down');
    expect(await claims.get('k')).toBeUndefined();
    expect(await claims.once('k', async () => 'ts-2')).toEqual({ value: 'ts-2', posted: true });
  });

  it('gives up waiting behind a pending claim with ClaimBusyError, and shows nothing until its post is done', async () => {
    const { open } = world();
    const slow = open().once('k', () => sleep(400).then(() => 'late'));
    await sleep(20);
    await expect(open(100).once('k', async () => 'no')).rejects.toMatchObject({ name: 'ClaimBusyError' });
    expect(await open().get('k')).toBeUndefined();
    await slow;
    expect(await open().get('k')).toBe('late');
  });

  it('remembers the first value computed for a key', async () => {
    const { open } = world();
    expect(await open().remember('k', async () => 'first')).toBe('first');
    expect(await open().remember('k', async () => 'second')).toBe('first');
  });
}
