// One incident's Slack thread: the root message posted exactly once across replicas (a post-once claim, then its ts
// stored on the incident), timeline entries, prepared messages and files posted once per idempotency key, and the
// root updated in place. State lives in Redis; the thread is never read back from Slack.
import type { Incident, TimelineEntry } from '../../incident/incident.js';
import { renderRootMessage } from '../../render/slack/render-root-message.js';
import { renderTimelineEntry } from '../../render/slack/render-timeline-entry.js';
import type { IncidentStore, IncidentThread, SlackFile, SlackMessage, SlackOut } from '../../serve/ports.js';
import type { Claims } from '../redis/claims.js';

export interface IncidentThreadDeps {
  slack: SlackOut;
  store: IncidentStore;
  claims: Claims;
}

const ROOT = 'root';

/** The claim key of one thread item: per incident, so two incidents never share a key. */
const claimKey = (incidentId: string, key: string) => `${incidentId}:${key}`;

/** IncidentThread over SlackOut, the incident store and post-once claims. */
export class SlackIncidentThread implements IncidentThread {
  constructor(private readonly deps: IncidentThreadDeps) {}

  async ensureRoot(incident: Incident): Promise<Incident> {
    if (incident.rootTs) return incident;
    const stored = await this.deps.store.get(incident.id);
    if (stored?.rootTs) return { ...incident, rootTs: stored.rootTs, channel: stored.channel };
    const latest = stored ?? incident;
    const { value: rootTs } = await this.deps.claims.once(claimKey(incident.id, ROOT), async () => {
      const { ts } = await this.deps.slack.postMessage(latest.channel, renderRootMessage(latest));
      return ts;
    });
    const saved = await this.deps.store.update(incident.id, (current) =>
      current?.rootTs ? undefined : { ...(current ?? incident), rootTs },
    );
    return { ...incident, channel: saved?.channel ?? latest.channel, rootTs: saved?.rootTs ?? rootTs };
  }

  /** Renders the latest state (the stored incident, or `incident` when it is newer) into the root with chat.update. */
  async updateRoot(incident: Incident): Promise<void> {
    const rooted = await this.ensureRoot(incident);
    const stored = await this.deps.store.get(incident.id);
    const latest = stored && !(Date.parse(incident.updatedAt) > Date.parse(stored.updatedAt)) ? stored : incident;
    const rootTs = rooted.rootTs ?? '';
    await this.deps.slack.updateMessage(rooted.channel, rootTs, renderRootMessage({ ...latest, rootTs }));
  }

  async postEntry(incident: Incident, key: string, entry: TimelineEntry): Promise<void> {
    const rooted = await this.ensureRoot(incident);
    await this.postMessageOnce(rooted, key, () => renderTimelineEntry(entry, rooted));
  }

  async postMessage(incident: Incident, key: string, message: SlackMessage): Promise<void> {
    const rooted = await this.ensureRoot(incident);
    await this.postMessageOnce(rooted, key, () => message);
  }

  async uploadFile(incident: Incident, key: string, file: SlackFile): Promise<void> {
    const rooted = await this.ensureRoot(incident);
    const threadTs = rooted.rootTs ?? '';
    await this.deps.claims.once(claimKey(incident.id, key), async () => {
      await this.deps.slack.uploadFile(rooted.channel, threadTs, file);
      return 'uploaded';
    });
  }

  async posted(incidentId: string, key: string): Promise<boolean> {
    return (await this.deps.claims.get(claimKey(incidentId, key))) !== undefined;
  }

  private async postMessageOnce(rooted: Incident, key: string, render: () => SlackMessage): Promise<void> {
    const threadTs = rooted.rootTs ?? '';
    await this.deps.claims.once(claimKey(rooted.id, key), async () => {
      const { ts } = await this.deps.slack.postMessage(rooted.channel, render(), threadTs);
      return ts;
    });
  }
}
