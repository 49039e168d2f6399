// The fake Slack's Web API methods over its workspace state, answering with Slack's documented shapes and errors.
import { type BlockLimits, checkBlocks } from './fake-slack-blocks.js';
import { jsonArg } from './fake-slack-body.js';
import { type FakeChannel, type FakeMessage, FakeWorkspace } from './fake-slack-state.js';

export type ApiResult = Record<string, unknown> & { ok: boolean };

export interface MethodContext {
  workspace: FakeWorkspace;
  args: Record<string, unknown>;
  /** The fake's base URL (upload URLs and Socket Mode URLs point back at it). */
  baseUrl: string;
  limits: BlockLimits;
  /** Issues a Socket Mode ticket (apps.connections.open). */
  issueTicket(): string;
}

export type MethodHandler = (ctx: MethodContext) => ApiResult;

const fail = (error: string, extra: Record<string, unknown> = {}): ApiResult => ({ ok: false, error, ...extra });

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Channel checks shared by every posting method. */
function writableChannel(ctx: MethodContext, id: string | undefined): FakeChannel | ApiResult {
  if (id === undefined) return fail('channel_not_found');
  const channel = ctx.workspace.channels.get(id);
  if (channel === undefined) return fail('channel_not_found');
  if (channel.archived === true) return fail('is_archived');
  if (channel.member === false) return fail('not_in_channel');
  return channel;
}

/** Text + blocks as Slack validates them for a message. */
function content(ctx: MethodContext, requireSome: boolean): { text: string; blocks?: unknown[] } | ApiResult {
  const text = typeof ctx.args.text === 'string' ? ctx.args.text : '';
  let blocks: unknown[] | undefined;
  if (ctx.args.blocks !== undefined) {
    const parsed = jsonArg(ctx.args.blocks);
    if (!parsed.ok) return fail('invalid_blocks_format');
    const rejection = checkBlocks(parsed.value, ctx.limits);
    if (rejection !== undefined) return fail(rejection.error, { response_metadata: { messages: rejection.messages } });
    blocks = parsed.value as unknown[];
  }
  if (
    requireSome &&
    text === '' &&
    (blocks === undefined || blocks.length === 0) &&
    ctx.args.attachments === undefined
  ) {
    return fail('no_text');
  }
  if (text.length > 40_000) return fail('msg_too_long');
  return blocks === undefined ? { text } : { text, blocks };
}

const isResult = (value: object): value is ApiResult => 'ok' in value;

const postMessage: MethodHandler = (ctx) => {
  const channel = writableChannel(ctx, str(ctx.args.channel));
  if (isResult(channel)) return channel;
  const body = content(ctx, true);
  if (isResult(body)) return body;
  const threadTs = str(ctx.args.thread_ts);
  const stored = ctx.workspace.add({
    channel: channel.id,
    text: body.text,
    ...(body.blocks === undefined ? {} : { blocks: body.blocks }),
    ...(threadTs === undefined ? {} : { threadTs }),
    args: { ...ctx.args },
  });
  return { ok: true, channel: channel.id, ts: stored.ts, message: FakeWorkspace.render(stored) };
};

const update: MethodHandler = (ctx) => {
  const channel = writableChannel(ctx, str(ctx.args.channel));
  if (isResult(channel)) return channel;
  const ts = str(ctx.args.ts);
  const existing: FakeMessage | undefined = ts === undefined ? undefined : ctx.workspace.find(channel.id, ts);
  if (existing === undefined) return fail('message_not_found');
  const body = content(ctx, false);
  if (isResult(body)) return body;
  if (ctx.args.text !== undefined) existing.text = body.text;
  if (body.blocks !== undefined) existing.blocks = body.blocks;
  existing.edits += 1;
  existing.args = { ...existing.args, ...ctx.args };
  return {
    ok: true,
    channel: channel.id,
    ts: existing.ts,
    text: existing.text,
    message: FakeWorkspace.render(existing),
  };
};

const postEphemeral: MethodHandler = (ctx) => {
  const channel = writableChannel(ctx, str(ctx.args.channel));
  if (isResult(channel)) return channel;
  const user = str(ctx.args.user);
  if (user === undefined || !ctx.workspace.users.has(user)) return fail('user_not_in_channel');
  const body = content(ctx, true);
  if (isResult(body)) return body;
  const messageTs = ctx.workspace.nextTs();
  const threadTs = str(ctx.args.thread_ts);
  ctx.workspace.ephemerals.push({
    channel: channel.id,
    user,
    text: body.text,
    ...(body.blocks === undefined ? {} : { blocks: body.blocks }),
    ...(threadTs === undefined ? {} : { threadTs }),
    messageTs,
  });
  return { ok: true, message_ts: messageTs };
};

const getUploadUrl: MethodHandler = (ctx) => {
  const filename = str(ctx.args.filename);
  const length = Number(ctx.args.length);
  if (filename === undefined || !Number.isInteger(length) || length < 0) return fail('invalid_arguments');
  const id = ctx.workspace.nextFileId();
  ctx.workspace.files.set(id, { id, filename, declaredLength: length, completed: false });
  return { ok: true, upload_url: `${ctx.baseUrl}/upload/v1/${id}`, file_id: id };
};

const completeUpload: MethodHandler = (ctx) => {
  const parsed = jsonArg(ctx.args.files);
  if (!parsed.ok || !Array.isArray(parsed.value) || parsed.value.length === 0) return fail('invalid_arguments');
  const entries = parsed.value as { id?: unknown; title?: unknown }[];
  const files = entries.map((entry) => (typeof entry.id === 'string' ? ctx.workspace.files.get(entry.id) : undefined));
  if (files.some((file) => file === undefined || file.bytes === undefined || file.completed)) {
    return fail('file_not_found');
  }
  const channelId = str(ctx.args.channel_id) ?? str(ctx.args.channels);
  const threadTs = str(ctx.args.thread_ts);
  const comment = typeof ctx.args.initial_comment === 'string' ? ctx.args.initial_comment : undefined;
  if (channelId !== undefined) {
    const channel = writableChannel(ctx, channelId);
    if (isResult(channel)) return channel;
  }
  const shared = files.map((file, i) => {
    if (file === undefined) throw new Error('unreachable');
    const title = entries[i]?.title;
    file.title = typeof title === 'string' ? title : file.filename;
    file.completed = true;
    if (channelId !== undefined) file.channel = channelId;
    if (threadTs !== undefined) file.threadTs = threadTs;
    if (comment !== undefined) file.initialComment = comment;
    return { id: file.id, title: file.title, name: file.filename };
  });
  if (channelId !== undefined) {
    ctx.workspace.add({
      channel: channelId,
      text: comment ?? '',
      files: shared,
      ...(threadTs === undefined ? {} : { threadTs }),
      args: { ...ctx.args },
    });
  }
  return {
    ok: true,
    files: shared.map((file) => ({ ...file, size: files.find((f) => f?.id === file.id)?.bytes?.length ?? 0 })),
  };
};

const usergroupUsers: MethodHandler = (ctx) => {
  const group = ctx.workspace.usergroups.get(str(ctx.args.usergroup) ?? '');
  return group === undefined ? fail('no_such_subteam') : { ok: true, users: [...group.users] };
};

const usersInfo: MethodHandler = (ctx) => {
  const user = ctx.workspace.users.get(str(ctx.args.user) ?? '');
  if (user === undefined) return fail('user_not_found');
  const realName = user.realName ?? user.name;
  return {
    ok: true,
    user: {
      id: user.id,
      team_id: ctx.workspace.bot.teamId,
      name: user.name,
      real_name: realName,
      deleted: false,
      is_bot: user.isBot ?? false,
      profile: { real_name: realName, display_name: user.name },
    },
  };
};

const conversationsInfo: MethodHandler = (ctx) => {
  const channel = ctx.workspace.channels.get(str(ctx.args.channel) ?? '');
  if (channel === undefined || (channel.private === true && channel.member === false)) return fail('channel_not_found');
  return {
    ok: true,
    channel: {
      id: channel.id,
      name: channel.name,
      is_channel: true,
      is_private: channel.private ?? false,
      is_archived: channel.archived ?? false,
      is_member: channel.member !== false,
    },
  };
};

const authTest: MethodHandler = (ctx) => ({
  ok: true,
  url: 'https://netcheck-test.slack.com/',
  team: 'netcheck-test',
  user: 'netcheck',
  team_id: ctx.workspace.bot.teamId,
  user_id: ctx.workspace.bot.userId,
  bot_id: ctx.workspace.bot.botId,
  is_enterprise_install: false,
});

const connectionsOpen: MethodHandler = (ctx) => ({
  ok: true,
  url: `${ctx.baseUrl.replace(/^http/, 'ws')}/link/?ticket=${ctx.issueTicket()}&app_id=A0NETCHECK`,
});

/** Methods that take the bot token (xoxb). */
export const botMethods: Record<string, MethodHandler> = {
  'auth.test': authTest,
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.postEphemeral': postEphemeral,
  'files.getUploadURLExternal': getUploadUrl,
  'files.completeUploadExternal': completeUpload,
  'usergroups.users.list': usergroupUsers,
  'users.info': usersInfo,
  'conversations.info': conversationsInfo,
};

/** Methods that take the app-level token (xapp). */
export const appMethods: Record<string, MethodHandler> = {
  'apps.connections.open': connectionsOpen,
  'auth.test': authTest,
};
