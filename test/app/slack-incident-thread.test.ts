// The incident thread (src/app/slack-incident-thread.ts) on in-memory ports (store, claims, thread log, Slack), as two
// processes sharing them: the root posted once, the lines posted in the order they were recorded, each once, a line
// Slack refuses reported to its waiter without holding up the rest, a file keeping its place.
import { describe, expect, it } from 'vitest';
import { SlackPermanentError } from '../../src/app/ports/slack-errors.js';
import { manualIncident } from '../../src/app/request-collections.js';
import { SlackIncidentThread } from '../../src/app/slack-incident-thread.js';
import type { Incident } from '../../src/incident/incident.js';
import { renderRootMessage } from '../../src/render/slack/render-root-message.js';
import { MemoryClaims } from '../support/memory-claims.js';
import { MemoryIncidentStore } from '../support/memory-incident-store.js';
import { MemorySlackOut } from '../support/memory-slack-out.js';
import { MemoryThreadLog } from '../support/memory-thread-log.js';

const AT = '2026-11-23T10:00:00.000Z';
const note = (key: string, text: string) => ({ key, entry: { type: 'note' as const, at: AT, text } });

/** One incident in the store and two processes' threads over the same ports. */
async function setUp() {
  const incident = manualIncident({
    nodes: ['node-7'],
    requester: { userId: 'U1', userName: 'alice' },
    channel: 'C1',
    cluster: 'prod',
    at: AT,
  });
  const store = new MemoryIncidentStore([incident]);
  const claims = new MemoryClaims();
  const log = new MemoryThreadLog();
  const slack = new MemorySlackOut();
  const open = () => new SlackIncidentThread({ slack, store, claims: claims.replica(), log, pollMs: 5 });
  const rootTs = async () => (await store.get(incident.id))?.rootTs ?? '';
  return { incident, store, slack, a: open(), b: open(), rootTs };
}

const texts = (slack: MemorySlackOut, rootTs: string) => slack.thread(rootTs);

describe('SlackIncidentThread', () => {
  it('posts the root once when two processes ensure it at the same time, and stores its ts', async () => {
    const { incident, slack, a, b, rootTs } = await setUp();
    const [fromA, fromB] = await Promise.all([a.ensureRoot(incident), b.ensureRoot(incident)]);

    const roots = slack.calls.filter((call) => call.method === 'chat.postMessage' && !call.threadTs);
    expect(roots).toHaveLength(1);
    expect(fromA.rootTs).toBe(await rootTs());
    expect(fromB.rootTs).toBe(await rootTs());
    expect(await a.ensureRoot(incident)).toMatchObject({ rootTs: await rootTs() });
    expect(slack.calls).toHaveLength(1);
  });

  it("posts the lines of both processes in the order they were recorded, each once, in the root's thread", async () => {
    const { incident, slack, a, b, rootTs } = await setUp();
    await a.record(incident, [note('k1', 'first')]);
    await b.record(incident, [note('k2', 'second'), note('k1', 'first again')]);
    await a.record(incident, [note('k3', 'third')]);
    await Promise.all([a.flush(incident.id, 'k3'), b.flush(incident.id, 'k2')]);
    await b.postEntry(incident, 'k1', { type: 'note', at: AT, text: 'first, once more' });

    expect(texts(slack, await rootTs())).toEqual([
      expect.stringContaining('first'),
      expect.stringContaining('second'),
      expect.stringContaining('third'),
    ]);
    expect(await a.posted(incident.id, 'k2')).toBe(true);
    expect(await b.recorded(incident.id, 'k3')).toBe(true);
    expect(await b.recorded(incident.id, 'k4')).toBe(false);
  });

  it('tells the waiter of a line Slack refuses why, and still posts the lines after it', async () => {
    const { incident, slack, a, b, rootTs } = await setUp();
    slack.refuse(/too long/, 'msg_too_long');
    await a.record(incident, [note('k1', 'ok 1'), note('k2', 'too long'), note('k3', 'ok 2')]);

    const refused = await b.flush(incident.id, 'k2').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SlackPermanentError);
    expect(refused).toMatchObject({ code: 'msg_too_long', method: 'chat.postMessage', channel: 'C1' });
    await a.flush(incident.id, 'k3');
    expect(texts(slack, await rootTs())).toEqual([expect.stringContaining('ok 1'), expect.stringContaining('ok 2')]);
  });

  it('keeps a file in its place: the line after it is posted only once the file is shared', async () => {
    const { incident, slack, a, rootTs } = await setUp();
    await a.record(incident, [
      note('k1', 'before'),
      { key: 'f1', file: { filename: 'report.txt', title: 'Report', content: 'bytes' } },
      note('k2', 'after'),
    ]);
    await a.flush(incident.id, 'k2');

    expect(texts(slack, await rootTs())).toEqual([
      expect.stringContaining('before'),
      'file:F1',
      expect.stringContaining('after'),
    ]);
  });

  it('refuses to wait for a line that was never recorded', async () => {
    const { incident, a } = await setUp();
    await expect(a.flush(incident.id, 'nothing')).rejects.toThrow(/never recorded/);
  });

  it('shows the latest stored state when the root is updated', async () => {
    const { incident, store, slack, a } = await setUp();
    await a.ensureRoot(incident);
    const resolved: Incident = { ...incident, status: 'resolved', updatedAt: '2026-11-23T10:05:00.000Z' };
    await store.update(incident.id, (current) => current && { ...current, ...resolved, rootTs: current.rootTs });
    await a.updateRoot(incident);

    const stored = await store.get(incident.id);
    if (!stored) throw new Error('the incident is gone');
    const updates = slack.calls.filter((call) => call.method === 'chat.update');
    expect(updates.map((call) => call.text)).toEqual([renderRootMessage(stored).text]);
    expect(updates[0]?.text).not.toBe(renderRootMessage({ ...incident, rootTs: stored.rootTs }).text);
  });
});
