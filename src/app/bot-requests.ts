// The collection requests of BotServices: requestCollections / requestSweep (src/app/request-collections.ts) bound to
// the service's cluster and ports.
import type { BotServices } from './ports/bot-services.js';
import { type RequestDeps, requestCollections, requestSweep } from './request-collections.js';

/** `requestCollections` and `requestSweep` bound to the cluster and the ports. */
export function createBotRequests(
  deps: Omit<RequestDeps, 'cluster'>,
  cluster: string,
): Pick<BotServices, 'requestCollections' | 'requestSweep'> {
  const bound: RequestDeps = { ...deps, cluster };
  return {
    requestCollections: (request) => requestCollections(request, bound),
    requestSweep: (request) => requestSweep(request, bound),
  };
}
