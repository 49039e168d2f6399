// What the operator reads when an agent pod's baked collector is missing or differs from the one this netcheck
// ships: what was found, and how to update the agent image (the hash it should carry). Pure.
import type { LaunchProblem } from './collector-launch.js';
import { DEFAULT_AGENT_IMAGE } from './debug-pod-spec.js';

export interface OutdatedAgent {
  /** E.g. `the agent pod netcheck/netcheck-agent-x7k2p has no collector at /usr/local/share/netcheck/collector.sh`. */
  message: string;
  hint: string;
}

/** `pod` is `namespace/name`; `expected` the SHA-256 of the script this netcheck ships. */
export function outdatedAgent(problem: LaunchProblem, pod: string, expected: string): OutdatedAgent {
  const namespace = pod.split('/')[0] ?? 'netcheck';
  let message: string;
  if (problem.kind === 'absent') {
    message = `the agent pod ${pod} has no collector at ${problem.path} (an agent image older than this netcheck)`;
  } else if (problem.kind === 'mismatch' && problem.found === 'unhashable') {
    message = `the agent pod ${pod} cannot check its collector at ${problem.path} (no sha256sum in the image)`;
  } else if (problem.kind === 'mismatch') {
    message = `the agent pod ${pod} carries another collector at ${problem.path} (sha256 ${problem.found}) than this netcheck ships`;
  } else {
    message = `the agent pod ${pod} received ${problem.received} of the collector's ${problem.expected} bytes`;
  }
  return {
    message,
    hint: `Update the agent image to the one built from this netcheck's deploy/agent/Dockerfile (its collector has sha256 ${expected}; the default image is ${DEFAULT_AGENT_IMAGE}), then kubectl -n ${namespace} rollout status daemonset/netcheck-agent.`,
  };
}
