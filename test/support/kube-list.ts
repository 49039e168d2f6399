// List responses: label and field selectors, `limit` with a `continue` token, and a List object with apiVersion/kind.
import { parseFieldSelector, parseLabelSelector } from './kube-selectors.js';

interface Listed {
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
}

export type FieldReaders<T> = Record<string, (object: T) => string | undefined>;

/** Builds `{kind}List` from `objects` filtered and paged by the request's query. Throws SelectorError on bad input. */
export function listResponse<T extends Listed>(
  kind: string,
  objects: Iterable<T>,
  query: URLSearchParams,
  fields: FieldReaders<T>,
  resourceVersion: string,
): object {
  const byLabel = parseLabelSelector(query.get('labelSelector') ?? '');
  const byField = parseFieldSelector(query.get('fieldSelector') ?? '', fields);
  const key = (o: T) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
  const all = [...objects]
    .filter((o) => byLabel(o.metadata?.labels) && byField(o))
    .sort((a, b) => (key(a) < key(b) ? -1 : 1));
  const offset = Number(Buffer.from(query.get('continue') ?? '', 'base64url').toString() || 0);
  const limit = Number(query.get('limit') ?? 0);
  const items = limit > 0 ? all.slice(offset, offset + limit) : all.slice(offset);
  const next = offset + items.length;
  const more = limit > 0 && next < all.length;
  return {
    kind: `${kind}List`,
    apiVersion: 'v1',
    metadata: {
      resourceVersion,
      ...(more
        ? { continue: Buffer.from(String(next)).toString('base64url'), remainingItemCount: all.length - next }
        : {}),
    },
    items,
  };
}
