// The Slack set-up of a contract test file, called at its top level: the local fake Slack for the file, and real
// Slack posters onto it (fast enough that cases never wait on the per-channel bucket), closed after each test.
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createSlackPoster, type SlackPoster } from '../../src/adapters/slack/slack-poster.js';
import { type FakeSlack, startFakeSlack } from './fake-slack.js';

export interface SlackPostersForFile {
  /** The file's fake Slack (started in its first beforeAll). */
  fake(): FakeSlack;
  /** A new poster onto it, closed after the test. */
  poster(): SlackPoster;
  /** A message's lines in a thread as the contracts compare them: texts, and `file:TITLE` for shared files. */
  threadLines(channel: string, rootTs: string): string[];
}

export function slackPostersForFile(): SlackPostersForFile {
  let fake: FakeSlack | undefined;
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
  const started = () => {
    if (!fake) throw new Error('slackPostersForFile: the fake Slack starts in beforeAll');
    return fake;
  };
  return {
    fake: started,
    poster() {
      const f = started();
      const poster = createSlackPoster({ token: f.token, apiUrl: f.apiUrl, perChannelPerSecond: 100, burst: 100 });
      posters.push(poster);
      return poster;
    },
    threadLines: (channel, rootTs) =>
      started()
        .thread(channel, rootTs)
        .flatMap((m) => (m.files?.length ? m.files.map((f) => `file:${f.title}`) : [m.text])),
  };
}
