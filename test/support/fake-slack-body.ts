// Request decoding for the fake Slack: the Web API takes query args plus a body that is form-urlencoded, JSON
// (`Content-Type: application/json`, token only in the Authorization header) or multipart/form-data.
import type { IncomingMessage } from 'node:http';

/** A file part of a multipart body. */
export interface UploadedPart {
  field: string;
  filename: string;
  bytes: Buffer;
}

export interface DecodedRequest {
  args: Record<string, unknown>;
  parts: UploadedPart[];
  contentType: string;
}

/** Reads the whole request body. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Decodes query string + body into Web API arguments (values stay strings for form bodies, as Slack sees them). */
export async function decodeRequest(req: IncomingMessage, raw: Buffer): Promise<DecodedRequest> {
  const contentType = (req.headers['content-type'] ?? '').toLowerCase();
  const url = new URL(req.url ?? '/', 'http://fake');
  const args: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const parts: UploadedPart[] = [];
  if (raw.length > 0) {
    if (contentType.startsWith('application/json')) {
      const parsed: unknown = JSON.parse(raw.toString('utf8'));
      if (typeof parsed === 'object' && parsed !== null) Object.assign(args, parsed);
    } else if (contentType.startsWith('multipart/form-data')) {
      const form = await new Response(new Uint8Array(raw), {
        headers: { 'content-type': req.headers['content-type'] ?? '' },
      }).formData();
      for (const [field, value] of form.entries()) {
        if (typeof value === 'string') args[field] = value;
        else parts.push({ field, filename: value.name, bytes: Buffer.from(await value.arrayBuffer()) });
      }
    } else if (contentType.startsWith('application/x-www-form-urlencoded')) {
      Object.assign(args, Object.fromEntries(new URLSearchParams(raw.toString('utf8'))));
    }
  }
  return { args, parts, contentType };
}

/** A JSON argument that may arrive as a JSON string (form bodies) or as a value (JSON bodies). */
export function jsonArg(value: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof value !== 'string') return { ok: true, value };
  try {
    return { ok: true, value: JSON.parse(value) };
  } catch {
    return { ok: false };
  }
}

/** The bearer token of a request, else the legacy `token` argument. */
export function requestToken(req: IncomingMessage, args: Record<string, unknown>): string | undefined {
  const header = req.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  return typeof args.token === 'string' && args.token !== '' ? args.token : undefined;
}

/** Slack's boolean argument forms: true, "true", "1". */
export function boolArg(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 1;
}
