// Pod watches (`?watch=true`), as client-node's Watch and kubectl read them: a chunked stream of one JSON event per
// line. Without a resourceVersion (or with "0") the current pods come first as ADDED; then every change that matches
// the selectors, until `timeoutSeconds` or the client leaves.
import type { ServerResponse } from 'node:http';
import type { PodStore, WatchEventType } from './fake-kube-pods.js';
import { POD_FIELDS } from './fake-kube-routes.js';
import type { IPod } from './kube-objects.js';
import { parseFieldSelector, parseLabelSelector } from './kube-selectors.js';

/** Streams pod events to `res`; throws SelectorError before writing anything when a selector is invalid. */
export function watchPods(
  res: ServerResponse,
  pods: PodStore,
  namespace: string | undefined,
  query: URLSearchParams,
): void {
  const byLabel = parseLabelSelector(query.get('labelSelector') ?? '');
  const byField = parseFieldSelector(query.get('fieldSelector') ?? '', POD_FIELDS);
  const matches = (pod: IPod) =>
    (!namespace || pod.metadata?.namespace === namespace) && byLabel(pod.metadata?.labels) && byField(pod);
  const send = (type: WatchEventType, object: IPod) => res.write(`${JSON.stringify({ type, object })}\n`);

  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
  // The apiserver answers a watch at once, events or not; clients wait for these headers before they go on.
  res.flushHeaders();
  const rv = query.get('resourceVersion');
  if (!rv || rv === '0') for (const pod of pods.pods.values()) if (matches(pod)) send('ADDED', pod);

  const listener = (type: WatchEventType, pod: IPod) => {
    if (matches(pod)) send(type, pod);
  };
  pods.listeners.add(listener);
  const timeout = Number(query.get('timeoutSeconds') ?? 0);
  const timer = timeout > 0 ? setTimeout(() => res.end(), timeout * 1000) : undefined;
  res.on('close', () => {
    pods.listeners.delete(listener);
    clearTimeout(timer);
  });
}
