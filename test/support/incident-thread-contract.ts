// The IncidentThread port's contract (src/app/ports/incident-thread.ts) as cases any implementation must pass: the
// Slack thread (app/slack-incident-thread.ts over the poster and the fake Slack) and the in-memory thread run the same
// cases (test/adapters/slack/incident-thread-contract.test.ts).
import { expect, it } from 'vitest';
import type { IncidentThread } from '../../src/app/ports/incident-thread.js';
import { manualIncident } from '../../src/app/request-collections.js';
import type { Incident } from '../../src/incident/incident.js';
import { renderRootMessage } from '../../src/render/slack/render-root-message.js';

/** What the incident's thread shows. */
export interface ThreadView {
  /** The root message's current text. */
  root(incident: Incident): string | undefined;
  /** The thread's lines in order: a message's text, or `file:<title>` for a file. */
  lines(incident: Incident): string[];
}

/** A thread for one case over an incident already in the store (its channel, C0INCIDENTS, exists). */
export type IncidentThreadWorld = (incident: Incident) => Promise<{ thread: IncidentThread; view: ThreadView }>;

const AT = '2026-11-23T10:00:00.000Z';
const note = (key: string, text: string) => ({ key, entry: { type: 'note' as const, at: AT, text } });
const message = (text: string) => ({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });

async function open(world: IncidentThreadWorld) {
  const incident = manualIncident({
    nodes: ['node-7'],
    requester: { userId: 'U0ALICE', userName: 'alice' },
    channel: 'C0INCIDENTS',
    cluster: 'prod',
    at: AT,
  });
  return { incident, ...(await world(incident)) };
}

export function incidentThreadContract(world: IncidentThreadWorld): void {
  it('posts the root once and gives every caller the same ts', async () => {
    const { incident, thread, view } = await open(world);
    const [a, b] = await Promise.all([thread.ensureRoot(incident), thread.ensureRoot(incident)]);
    expect(a.rootTs).toEqual(expect.any(String));
    expect(b.rootTs).toBe(a.rootTs);
    expect((await thread.ensureRoot(incident)).rootTs).toBe(a.rootTs);
    expect(view.root({ ...incident, rootTs: a.rootTs })).toBe(renderRootMessage(incident).text);
    expect(view.lines({ ...incident, rootTs: a.rootTs })).toEqual([]);
  });

  it('shows recorded lines in the order they were recorded, each key once', async () => {
    const { incident, thread, view } = await open(world);
    const rooted = await thread.ensureRoot(incident);
    await thread.record(rooted, [note('k1', 'first'), note('k2', 'second')]);
    expect(await thread.recorded(incident.id, 'k1')).toBe(true);
    await thread.record(rooted, [note('k1', 'first again'), note('k3', 'third')]);
    await thread.flush(incident.id, 'k3');
    expect(await thread.posted(incident.id, 'k1')).toBe(true);
    expect(await thread.posted(incident.id, 'k3')).toBe(true);
    expect(await thread.posted(incident.id, 'other')).toBe(false);
    expect(await thread.recorded(incident.id, 'other')).toBe(false);
    expect(view.lines(rooted)).toEqual([
      expect.stringContaining('first'),
      expect.stringContaining('second'),
      expect.stringContaining('third'),
    ]);
    expect(view.lines(rooted).join('\n')).not.toContain('first again');
  });

  it('posts an entry, a message and a file once per key, in the order asked', async () => {
    const { incident, thread, view } = await open(world);
    const rooted = await thread.ensureRoot(incident);
    await thread.postEntry(rooted, 'e1', { type: 'note', at: AT, text: 'an entry' });
    await thread.postMessage(rooted, 'm1', message('a message'));
    await thread.uploadFile(rooted, 'f1', { filename: 'report.txt', title: 'Report', content: 'bytes' });
    await thread.postEntry(rooted, 'e1', { type: 'note', at: AT, text: 'the entry again' });
    await thread.postMessage(rooted, 'm1', message('the message again'));
    await thread.uploadFile(rooted, 'f1', { filename: 'report.txt', title: 'Report again', content: 'bytes' });
    expect(view.lines(rooted)).toEqual([expect.stringContaining('an entry'), 'a message', 'file:Report']);
    for (const key of ['e1', 'm1', 'f1']) expect(await thread.posted(incident.id, key)).toBe(true);
  });

  it("shows the incident's latest state in the root after updateRoot, its thread unchanged", async () => {
    const { incident, thread, view } = await open(world);
    const rooted = await thread.ensureRoot(incident);
    await thread.postEntry(rooted, 'e1', { type: 'note', at: AT, text: 'an entry' });
    const resolved: Incident = { ...rooted, status: 'resolved', updatedAt: '2026-11-23T10:30:00.000Z' };
    await thread.updateRoot(resolved);
    expect(view.root(rooted)).toBe(renderRootMessage(resolved).text);
    expect(view.root(rooted)).not.toBe(renderRootMessage(incident).text);
    expect(view.lines(rooted)).toEqual([expect.stringContaining('an entry')]);
  });
}
