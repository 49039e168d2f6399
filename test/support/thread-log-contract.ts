// The ThreadLog port's contract (src/app/ports/thread-log.ts) as cases any implementation must pass: the Redis log and
// the in-memory one run the same cases (test/adapters/redis/thread-log-contract.test.ts).
import { expect, it } from 'vitest';
import type { LoggedLine, ThreadLog } from '../../src/app/ports/thread-log.js';

/** A fresh, empty log for one case. */
export type ThreadLogWorld = () => ThreadLog;

const message = (text: string): LoggedLine => ({ kind: 'message', message: { text, blocks: [] } });

export function threadLogContract(world: ThreadLogWorld): void {
  it('appends each key once, in order, and hands out the lines in that order', async () => {
    const log = world();
    expect(await log.append('inc-1', [{ key: 'a', line: message('A') }])).toBe(1);
    expect(
      await log.append('inc-1', [
        { key: 'a', line: message('A again') },
        { key: 'b', line: message('B') },
      ]),
    ).toBe(1);
    expect(await log.has('inc-1', 'a')).toBe(true);
    expect(await log.has('inc-1', 'c')).toBe(false);
    expect(await log.has('inc-2', 'a')).toBe(false);
    expect(await log.line('inc-1', 'a')).toEqual(message('A'));
    expect(await log.pending('inc-1')).toBe(true);
    expect(await log.pending('inc-2')).toBe(false);

    const lease = await log.lease('inc-1');
    if (!lease) throw new Error('no lease on an idle log');
    const first = await log.next('inc-1');
    expect(first).toEqual({ index: 0, key: 'a', line: message('A') });
    expect(await log.advance(lease, first ?? { index: 0, key: 'a' })).toBe(true);
    // A posted line leaves the log's items but its key stays known.
    expect(await log.line('inc-1', 'a')).toBeUndefined();
    expect(await log.has('inc-1', 'a')).toBe(true);
    const second = await log.next('inc-1');
    expect(second).toEqual({ index: 1, key: 'b', line: message('B') });
    expect(await log.advance(lease, second ?? { index: 1, key: 'b' })).toBe(true);
    expect(await log.next('inc-1')).toBeUndefined();
    expect(await log.pending('inc-1')).toBe(false);
    await lease.release();
  });

  it('gives the lease to one holder at a time; only the holder moves the log on, and only from its place', async () => {
    const log = world();
    await log.append('inc-1', [
      { key: 'a', line: message('A') },
      { key: 'b', line: message('B') },
    ]);
    const held = await log.lease('inc-1');
    if (!held) throw new Error('no lease on an idle log');
    expect(await log.lease('inc-1')).toBeUndefined();
    const other = await log.lease('inc-2');
    expect(other).toBeDefined();
    await other?.release();
    const step = await log.next('inc-1');
    if (!step) throw new Error('no line');
    expect(await log.advance({ ...held, token: 'not-the-holder' }, step)).toBe(false);
    expect(await log.advance(held, { ...step, index: 1 })).toBe(false);
    expect(await log.advance(held, step)).toBe(true);
    expect(await log.advance(held, step)).toBe(false);
    await held.release();
    const next = await log.lease('inc-1');
    expect(next).toBeDefined();
    expect(await log.next('inc-1')).toMatchObject({ index: 1, key: 'b' });
    await next?.release();
  });

  it("fills an upload's place once, and never a message's or a posted line's", async () => {
    const log = world();
    const file: LoggedLine = { kind: 'file', fileId: 'F1', title: 'report.txt' };
    await log.append('inc-1', [
      { key: 'up', line: { kind: 'upload', until: Date.now() + 60_000 } },
      { key: 'm', line: message('M') },
    ]);
    expect(await log.fill('inc-1', 'm', file)).toBe(false);
    expect(await log.fill('inc-1', 'up', file)).toBe(true);
    expect(await log.fill('inc-1', 'up', { ...file, fileId: 'F2' })).toBe(false);
    expect(await log.line('inc-1', 'up')).toEqual(file);
    expect(await log.fill('inc-1', 'nothing', file)).toBe(false);
  });
}
