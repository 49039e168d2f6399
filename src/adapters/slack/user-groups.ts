// Which allowed user groups a user is in, from Slack's usergroups.users.list (scope usergroups:read), cached so a
// command stays within Slack's 3-second ack.
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../app/ports/logger.js';

export interface GroupMembershipOptions {
  client: WebClient;
  /** NETCHECK_ALLOWED_GROUPS. */
  groups: readonly string[];
  logger: Logger;
  /** @defaultValue 60 000 */
  ttlMs?: number;
  /** A lookup slower than this counts as "not a member" (and is logged). @defaultValue 1500 */
  timeoutMs?: number;
}

/** Returns `memberGroups(userId)`: the ids of the allowed groups whose members include the user. */
export function createGroupMembership(options: GroupMembershipOptions): (userId: string) => Promise<string[]> {
  const ttl = options.ttlMs ?? 60_000;
  const cache = new Map<string, { at: number; users: Promise<Set<string>> }>();

  const members = (group: string): Promise<Set<string>> => {
    const hit = cache.get(group);
    if (hit && Date.now() - hit.at < ttl) return hit.users;
    const users = options.client.usergroups.users
      .list({ usergroup: group })
      .then((answer) => new Set(answer.users ?? []));
    cache.set(group, { at: Date.now(), users });
    users.catch(() => cache.delete(group));
    return users;
  };

  return async (userId) => {
    const found: string[] = [];
    await Promise.all(
      options.groups.map(async (group) => {
        let timer: NodeJS.Timeout | undefined;
        try {
          const users = await Promise.race([
            members(group),
            new Promise<never>((_, reject) => {
              timer = setTimeout(() => reject(new Error('timed out')), options.timeoutMs ?? 1500);
            }),
          ]);
          if (users.has(userId)) found.push(group);
        } catch (error) {
          options.logger.warn(
            { group, error: (error as Error).message },
            'could not read the members of an allowed user group (scope usergroups:read?)',
          );
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    return found;
  };
}
