// The SlackOut contract (test/support/slack-out-contract.ts) against the real poster over the local fake Slack and the
// in-memory SlackOut the use-case tests use.
import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import { createSlackPoster, type SlackPoster } from '../../../src/adapters/slack/slack-poster.js';
import { type FakeSlack, startFakeSlack } from '../../support/fake-slack.js';
import { MemorySlackOut } from '../../support/memory-slack-out.js';
import { slackOutContract } from '../../support/slack-out-contract.js';

let fake: FakeSlack;
const posters: SlackPoster[] = [];

beforeAll(async () => {
  fake = await startFakeSlack();
});
afterEach(async () => {
  await Promise.all(posters.splice(0).map((poster) => poster.close()));
});
afterAll(async () => {
  await fake?.close();
});

describe('the Slack poster over the fake Slack', () => {
  slackOutContract(async () => {
    // A rate limit high enough that the cases do not wait on the per-channel bucket.
    const slack = createSlackPoster({ token: fake.token, apiUrl: fake.apiUrl, perChannelPerSecond: 100, burst: 100 });
    posters.push(slack);
    return {
      slack,
      view: {
        text: (channel, ts) => fake.workspace.find(channel, ts)?.text,
        thread: (channel, rootTs) =>
          fake
            .thread(channel, rootTs)
            .flatMap((m) => (m.files?.length ? m.files.map((f) => `file:${f.title}`) : [m.text])),
        ephemerals: (channel) => fake.ephemerals(channel).map(({ user, text }) => ({ user, text })),
        refuseNext: (method, code) => fake.failNext(method, { error: code }),
      },
    };
  });
});

describe('the in-memory SlackOut', () => {
  slackOutContract(async () => {
    const slack = new MemorySlackOut();
    const titles = new Map<string, string>();
    const text = (ts: string) => {
      let current: string | undefined;
      for (const call of slack.calls) {
        if ((call.method === 'chat.postMessage' || call.method === 'chat.update') && call.ts === ts)
          current = call.text;
      }
      return current;
    };
    return {
      slack,
      view: {
        text: (_channel, ts) => text(ts),
        thread: (channel, rootTs) =>
          slack.calls.flatMap((call) => {
            if (call.method === 'files.upload') titles.set(call.fileId, call.title);
            if (call.channel !== channel) return [];
            if (call.method === 'chat.postMessage' && call.threadTs === rootTs) return [text(call.ts) ?? ''];
            if (call.method === 'files.share' && call.threadTs === rootTs) return [`file:${titles.get(call.fileId)}`];
            return [];
          }),
        ephemerals: (channel) =>
          slack.calls.flatMap((call) =>
            call.method === 'chat.postEphemeral' && call.channel === channel
              ? [{ user: call.user, text: call.text }]
              : [],
          ),
        refuseNext: (method, code) => slack.refuseNext(method, code),
      },
    };
  });
});
