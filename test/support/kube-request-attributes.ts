// Maps a core/v1 request to what authorization sees: verb (get/list/watch/create/delete), resource, subresource,
// namespace and name. A WebSocket exec is a GET, so it is checked as `get` on pods/exec; SPDY is a POST (`create`).
import type { RequestAttributes } from './kube-status.js';

const METHOD_VERBS: Record<string, string> = { POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

/** The attributes of a request under /api/v1, or undefined for discovery and unknown paths. */
export function requestAttributes(method: string, path: string, query: URLSearchParams): RequestAttributes | undefined {
  const parts = path.split('/').filter(Boolean);
  if (parts[0] !== 'api' || parts[1] !== 'v1' || parts.length < 3) return undefined;
  let rest = parts.slice(2);
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource, name, subresource] = rest;
  if (!resource || rest.length > 3) return undefined;
  let verb = METHOD_VERBS[method] ?? 'get';
  if (verb === 'get' && !name) verb = query.get('watch') === 'true' ? 'watch' : 'list';
  return {
    verb,
    resource,
    ...(subresource ? { subresource } : {}),
    ...(namespace ? { namespace } : {}),
    ...(name ? { name } : {}),
  };
}
