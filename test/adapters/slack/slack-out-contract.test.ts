// The SlackOut contract (test/support/slack-out-contract.ts) against the real poster over the local fake Slack and the
// in-memory SlackOut the use-case tests use.
import { describe } from 'vitest';
import { MemorySlackOut } from '../../support/memory-slack-out.js';
import { slackOutContract } from '../../support/slack-out-contract.js';
import { slackPostersForFile } from '../../support/slack-posters-for-file.js';

const slackFile = slackPostersForFile();

describe('the Slack poster over the fake Slack', () => {
  slackOutContract(async () => {
    const slack = slackFile.poster();
    const fake = slackFile.fake();
    return {
      slack,
      view: {
        text: (channel, ts) => fake.workspace.find(channel, ts)?.text,
        thread: (channel, rootTs) => slackFile.threadLines(channel, rootTs),
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
