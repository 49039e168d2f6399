// The IncidentThread contract (test/support/incident-thread-contract.ts) against the Slack thread (the real poster over
// the local fake Slack, in-memory store, claims and thread log) and the in-memory thread the use-case tests use.
import { describe } from 'vitest';
import { SlackIncidentThread } from '../../../src/app/slack-incident-thread.js';
import { renderRootMessage } from '../../../src/render/slack/render-root-message.js';
import { renderTimelineEntry } from '../../../src/render/slack/render-timeline-entry.js';
import { incidentThreadContract } from '../../support/incident-thread-contract.js';
import { MemoryClaims } from '../../support/memory-claims.js';
import { MemoryIncidentStore } from '../../support/memory-incident-store.js';
import { MemoryIncidentThread } from '../../support/memory-incident-thread.js';
import { MemoryThreadLog } from '../../support/memory-thread-log.js';
import { slackPostersForFile } from '../../support/slack-posters-for-file.js';

const slackFile = slackPostersForFile();

describe('the Slack thread over the fake Slack', () => {
  incidentThreadContract(async (incident) => {
    const slack = slackFile.poster();
    const fake = slackFile.fake();
    const store = new MemoryIncidentStore([incident]);
    const thread = new SlackIncidentThread({
      slack,
      store,
      claims: new MemoryClaims(),
      log: new MemoryThreadLog(),
      pollMs: 5,
    });
    return {
      thread,
      view: {
        root: (shown) => fake.workspace.find(shown.channel, shown.rootTs ?? '')?.text,
        lines: (shown) => slackFile.threadLines(shown.channel, shown.rootTs ?? ''),
      },
    };
  });
});

describe('the in-memory thread', () => {
  incidentThreadContract(async () => {
    const thread = new MemoryIncidentThread();
    return {
      thread,
      view: {
        root: (shown) => {
          const root = thread.roots.get(shown.id);
          return root && renderRootMessage(root).text;
        },
        lines: (shown) =>
          (thread.lines.get(shown.id) ?? []).map((line) => {
            if ('entry' in line) return renderTimelineEntry(line.entry, shown).text;
            if ('message' in line) return line.message.text;
            return `file:${line.file.title}`;
          }),
      },
    };
  });
});
