// What the Slack handlers need from the rest of the service, gathered in one object by src/main/bot-role.ts. It is also
// the ports the handlers hand to the request use cases (src/app/request-collections.ts, RequestDeps).

import type { LabelledAlert, SilenceMatcher } from '../../alerts/silence-matchers.js';
import type { AuthorizationPolicy } from '../../chatops/authorize.js';
import type { PostableSilence } from '../../incident/incident-silences.js';
import type { CollectionQueue } from './collection-queue.js';
import type { IncidentStore } from './incident-store.js';
import type { IncidentThread } from './incident-thread.js';
import type { Logger } from './logger.js';
import type { SlackOut } from './slack-out.js';

export interface BotServices {
  logger: Logger;
  cluster: string;
  access: AuthorizationPolicy;
  store: IncidentStore;
  thread: IncidentThread;
  slack: SlackOut;
  queue: CollectionQueue;
  /** The allowed user groups (NETCHECK_ALLOWED_GROUPS) `userId` is a member of. */
  memberGroups(userId: string): Promise<string[]>;
  /** Creates an Alertmanager silence; absent without ALERTMANAGER_URL. */
  createSilence?: (silence: PostableSilence) => Promise<string>;
  /** Alertmanager's current alerts that `matchers` select (to refuse a silence broader than its incident). */
  findAlerts?: (matchers: readonly SilenceMatcher[]) => Promise<LabelledAlert[]>;
  now(): Date;
}
