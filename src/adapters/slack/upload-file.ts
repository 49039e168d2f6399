// Slack's v2 file upload (files.upload is retired): files.getUploadURLExternal → POST the bytes to the returned URL →
// files.completeUploadExternal with channel_id + thread_ts. Each step runs under the call policy on its own, so a
// failed completion is retried without uploading again; only the completion (the post) takes a channel token. The
// bytes can go first (prepareUpload) and the share later (shareUpload), when the file's turn in the thread comes.
import type { WebClient } from '@slack/web-api';
import type { PreparedFile } from '../../app/ports/slack-out.js';
import type { SlackFile } from '../../render/slack/slack-message.js';
import { callWithPolicy, type PolicyContext } from './slack-call-policy.js';

export interface UploadContext {
  policy: PolicyContext;
  client: WebClient;
  timeoutMs: number;
}

/** Posts the bytes to Slack's upload URL. The bot token is not sent there: the URL itself authorises the upload. */
async function postBytes(uploadUrl: string, bytes: Buffer, timeoutMs: number): Promise<void> {
  const response = await fetch(uploadUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: new Uint8Array(bytes),
    redirect: 'error',
    signal: AbortSignal.timeout(timeoutMs),
  });
  await response.arrayBuffer();
  if (response.status !== 200) {
    throw Object.assign(new Error(`file upload answered HTTP ${response.status}`), {
      code: 'netcheck_upload_http_error',
      statusCode: response.status,
      retryAfter: Number(response.headers.get('retry-after')) || undefined,
    });
  }
}

/** Steps 1 and 2: an upload URL, then the bytes. Nothing appears in Slack yet. `lane` is the caller's lane. */
export async function prepareUpload(
  ctx: UploadContext,
  lane: string,
  channel: string,
  file: SlackFile,
): Promise<PreparedFile> {
  const bytes = typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : file.content;
  const base = { lane, channel, rateScope: 'method' as const, consume: false };
  const target = await callWithPolicy(ctx.policy, {
    ...base,
    method: 'files.getUploadURLExternal',
    attempt: async () => {
      const result = (await ctx.client.apiCall('files.getUploadURLExternal', {
        filename: file.filename,
        length: bytes.length,
      })) as { upload_url?: unknown; file_id?: unknown };
      return { uploadUrl: String(result.upload_url), fileId: String(result.file_id) };
    },
  });
  await callWithPolicy(ctx.policy, {
    ...base,
    method: 'upload',
    attempt: () => postBytes(target.uploadUrl, bytes, ctx.timeoutMs),
  });
  return { fileId: target.fileId, title: file.title, ...(file.comment === undefined ? {} : { comment: file.comment }) };
}

/** Step 3: shares a prepared file into the thread `threadTs` of `channel` (the post). Call it inside the lane. */
export async function shareUpload(
  ctx: UploadContext,
  channel: string,
  threadTs: string,
  upload: PreparedFile,
): Promise<void> {
  await callWithPolicy(ctx.policy, {
    lane: channel,
    channel,
    rateScope: 'method',
    consume: true,
    method: 'files.completeUploadExternal',
    attempt: async () => {
      await ctx.client.apiCall('files.completeUploadExternal', {
        files: JSON.stringify([{ id: upload.fileId, title: upload.title }]),
        channel_id: channel,
        thread_ts: threadTs,
        ...(upload.comment === undefined ? {} : { initial_comment: upload.comment }),
      });
    },
  });
}

/** Uploads `file` into the thread `threadTs` of `channel`. Call it inside the channel's lane. */
export async function uploadFileToThread(
  ctx: UploadContext,
  channel: string,
  threadTs: string,
  file: SlackFile,
): Promise<void> {
  await shareUpload(ctx, channel, threadTs, await prepareUpload(ctx, channel, channel, file));
}
