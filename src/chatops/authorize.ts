// Who may use netcheck from Slack (collections, status, message analysis): the same allow lists for all. Pure: the
// caller looks up which of the allowed user groups the user is in.

/** The allow lists from the configuration (Slack ids). */
export interface AuthorizationPolicy {
  /** `U…`/`W…` user ids allowed to run collections. */
  allowedUsers: readonly string[];
  /** `S…` user group ids whose members may run collections. */
  allowedGroups: readonly string[];
  /** `C…`/`G…` channel ids collections may be run from; empty = any channel. */
  allowedChannels: readonly string[];
}

/** What a Slack request asks netcheck to do: run collections, show its status, analyse a message. */
export type GuardedAction = 'collect' | 'status' | 'analyze';

const ACTION_TEXT: Record<GuardedAction, { does: string; may: string }> = {
  collect: { does: 'run collections', may: 'run netcheck collections' },
  status: { does: 'show its status', may: 'see netcheck status' },
  analyze: { does: 'analyse messages', may: 'analyse messages with netcheck' },
};

/** A request from Slack: the user, the channel it came from, and the allowed groups the user is a member of. */
export interface AuthorizationRequest {
  user: string;
  channel: string;
  userGroups: readonly string[];
  /** @defaultValue 'collect' */
  action?: GuardedAction;
}

export type AuthorizationDecision = { allowed: true } | { allowed: false; reason: string };

/** True when neither users nor groups are restricted: everyone may run collections (warned at start-up). */
export function isOpenPolicy(policy: AuthorizationPolicy): boolean {
  return policy.allowedUsers.length === 0 && policy.allowedGroups.length === 0;
}

/**
 * Whether `request` may do its action. The channel must be allowed (when channels are listed), and the user must
 * be listed or belong to a listed group (when users or groups are listed). A refusal says why, for the user to read.
 */
export function authorize(request: AuthorizationRequest, policy: AuthorizationPolicy): AuthorizationDecision {
  const text = ACTION_TEXT[request.action ?? 'collect'];
  if (policy.allowedChannels.length > 0 && !policy.allowedChannels.includes(request.channel)) {
    return {
      allowed: false,
      reason: `netcheck does not ${text.does} from this channel (${request.channel}). Use one of the channels ${policy.allowedChannels.join(', ')}, or ask an admin to add this one to NETCHECK_ALLOWED_CHANNELS.`,
    };
  }
  if (isOpenPolicy(policy)) return { allowed: true };
  if (policy.allowedUsers.includes(request.user)) return { allowed: true };
  if (request.userGroups.some((group) => policy.allowedGroups.includes(group))) return { allowed: true };
  // Plain ids, never `<!subteam^…>`: a refusal must not notify a group.
  const groups = policy.allowedGroups.join(', ');
  return {
    allowed: false,
    reason:
      groups.length > 0
        ? `You (${request.user}) are not allowed to ${text.may}: only listed users and members of the user groups ${groups} are. Ask an admin to add you to NETCHECK_ALLOWED_USERS or to one of those groups.`
        : `You (${request.user}) are not allowed to ${text.may}. Ask an admin to add your Slack user id to NETCHECK_ALLOWED_USERS.`,
  };
}
