// The fake Slack's workspace: channels, users, user groups, messages (with threads and edits), ephemerals, files.

/** A channel of the fake workspace. `member: false` = the bot was never invited (posting → not_in_channel). */
export interface FakeChannel {
  id: string;
  name: string;
  member?: boolean;
  archived?: boolean;
  private?: boolean;
}

export interface FakeUser {
  id: string;
  name: string;
  realName?: string;
  isBot?: boolean;
}

export interface FakeUsergroup {
  id: string;
  handle: string;
  users: string[];
}

/** A message as stored: its latest state after chat.update. */
export interface FakeMessage {
  channel: string;
  ts: string;
  /** Set on replies (and on a parent once it has replies, like Slack). */
  threadTs?: string;
  text: string;
  blocks?: unknown[];
  user: string;
  botId: string;
  files?: { id: string; title: string; name: string }[];
  /** Arguments of the call that created it (unfurl_links, link_names, reply_broadcast, …). */
  args: Record<string, unknown>;
  edits: number;
}

export interface FakeEphemeral {
  channel: string;
  user: string;
  text: string;
  blocks?: unknown[];
  threadTs?: string;
  messageTs: string;
}

/** A file of the v2 upload flow: announced (getUploadURLExternal), uploaded (bytes), then shared (complete). */
export interface FakeFile {
  id: string;
  filename: string;
  declaredLength: number;
  title?: string;
  bytes?: Buffer;
  /** How the bytes arrived: `raw` body or a `multipart` part. */
  encoding?: 'raw' | 'multipart';
  completed: boolean;
  channel?: string;
  threadTs?: string;
  initialComment?: string;
}

export const defaultChannels: FakeChannel[] = [
  { id: 'C0INCIDENTS', name: 'incidents' },
  { id: 'C0NETOPS', name: 'net-ops' },
  { id: 'C0NOTINVITED', name: 'private-ops', member: false, private: true },
  { id: 'C0ARCHIVED', name: 'old-alerts', archived: true },
];

export const defaultUsers: FakeUser[] = [
  { id: 'U0ALICE', name: 'alice', realName: 'Alice Oncall' },
  { id: 'U0BOB', name: 'bob', realName: 'Bob Builder' },
  { id: 'U0MALLORY', name: 'mallory', realName: 'Mallory Outsider' },
];

export const defaultUsergroups: FakeUsergroup[] = [{ id: 'S0SRE', handle: 'sre', users: ['U0ALICE'] }];

/** The workspace state behind the fake's methods. */
export class FakeWorkspace {
  readonly channels = new Map<string, FakeChannel>();
  readonly users = new Map<string, FakeUser>();
  readonly usergroups = new Map<string, FakeUsergroup>();
  readonly messages: FakeMessage[] = [];
  readonly ephemerals: FakeEphemeral[] = [];
  readonly files = new Map<string, FakeFile>();
  private lastMicros = 0n;
  private fileSeq = 0;

  constructor(
    channels: FakeChannel[],
    users: FakeUser[],
    usergroups: FakeUsergroup[],
    readonly bot: { userId: string; botId: string; teamId: string },
  ) {
    for (const channel of channels) this.channels.set(channel.id, channel);
    for (const user of users) this.users.set(user.id, user);
    for (const group of usergroups) this.usergroups.set(group.id, group);
  }

  /** A message ts like Slack's: seconds "." microseconds, strictly increasing. */
  nextTs(): string {
    const now = BigInt(Date.now()) * 1000n;
    this.lastMicros = now > this.lastMicros ? now : this.lastMicros + 1n;
    const seconds = this.lastMicros / 1_000_000n;
    const micros = (this.lastMicros % 1_000_000n).toString().padStart(6, '0');
    return `${seconds}.${micros}`;
  }

  nextFileId(): string {
    this.fileSeq += 1;
    return `F0${String(this.fileSeq).padStart(8, '0')}`;
  }

  find(channel: string, ts: string): FakeMessage | undefined {
    return this.messages.find((message) => message.channel === channel && message.ts === ts);
  }

  /** Replies attach to the thread's parent even when `thread_ts` names a reply (as Slack does). */
  threadParent(channel: string, threadTs: string): string {
    const target = this.find(channel, threadTs);
    return target?.threadTs ?? threadTs;
  }

  add(message: Omit<FakeMessage, 'ts' | 'edits' | 'user' | 'botId'>): FakeMessage {
    const stored: FakeMessage = {
      ...message,
      ts: this.nextTs(),
      user: this.bot.userId,
      botId: this.bot.botId,
      edits: 0,
    };
    if (stored.threadTs !== undefined) {
      stored.threadTs = this.threadParent(stored.channel, stored.threadTs);
      const parent = this.find(stored.channel, stored.threadTs);
      if (parent !== undefined) parent.threadTs = parent.ts;
    }
    this.messages.push(stored);
    return stored;
  }

  /** Top-level messages of a channel, in order, latest state. */
  topLevel(channel: string): FakeMessage[] {
    return this.messages.filter(
      (message) => message.channel === channel && (message.threadTs === undefined || message.threadTs === message.ts),
    );
  }

  /** Replies in a thread, in order. */
  replies(channel: string, threadTs: string): FakeMessage[] {
    return this.messages.filter(
      (message) => message.channel === channel && message.threadTs === threadTs && message.ts !== threadTs,
    );
  }

  /** Web API shape of a stored message. */
  static render(message: FakeMessage): Record<string, unknown> {
    return {
      type: 'message',
      subtype: message.files === undefined ? undefined : 'file_share',
      text: message.text,
      user: message.user,
      bot_id: message.botId,
      ts: message.ts,
      thread_ts: message.threadTs,
      blocks: message.blocks,
      files: message.files,
      edited: message.edits > 0 ? { user: message.user, ts: message.ts } : undefined,
    };
  }
}
