// The collection requests of BotServices on top of requestCollections / requestSweep (src/app/request-collections.ts).
import type { BotServices } from './ports/bot-services.js';
import { type RequestDeps, requestCollections, requestSweep } from './request-collections.js';

/** `requestCollections` and `requestSweep` bound to the cluster and the ports. */
export function createBotRequests(
  deps: RequestDeps,
  cluster: string,
): Pick<BotServices, 'requestCollections' | 'requestSweep'> {
  return {
    async requestCollections(request) {
      const result = await requestCollections({ ...request, cluster }, deps);
      return { incident: result.incident, existing: result.existing, outcomes: result.outcomes.map((o) => o.outcome) };
    },
    async requestSweep(request) {
      const result = await requestSweep({ ...request, cluster }, deps);
      return { incident: result.incident, existing: result.existing, outcomes: [result.outcome] };
    },
  };
}
