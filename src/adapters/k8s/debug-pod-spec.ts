// The short-lived node pod of the debug-pod mode, built like `kubectl debug node/X --profile=netadmin` (or sysadmin
// when the host file system is asked for), plus what netcheck needs to find and clean it up. Pure.
import type { V1Pod } from '@kubernetes/client-node';
import { COLLECTOR_ENV, collectorEnvValue } from './collector-launch.js';

export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'netcheck';
/** Label with the node name (cut to 63 characters); the full name is in the annotation of the same key. */
export const NODE_LABEL = 'netcheck.io/node';
export const DEBUG_CONTAINER = 'collector';
/** The agent image (deploy/): sh, conntrack, iptables (legacy and nft), nftables, ipvsadm, iproute2, DNS tools. */
export const DEFAULT_AGENT_IMAGE = 'ghcr.io/netcheck/netcheck-agent:0.1.0';

export interface DebugPodOptions {
  node: string;
  namespace: string;
  /** @defaultValue DEFAULT_AGENT_IMAGE */
  image?: string;
  /** How long the pod may live, in seconds: its `sleep` and its `activeDeadlineSeconds`. */
  lifetimeSeconds: number;
  /**
   * Mount the host's `/` read-only at `/host` and run privileged (kubectl's sysadmin profile) instead of adding
   * only NET_ADMIN, NET_RAW and SYSLOG (netadmin plus dmesg). Needed for host files such as the kubelet config. @defaultValue false
   */
  hostFilesystem?: boolean;
  /** Five characters that make the name unique (see randomSuffix). */
  suffix: string;
  /** @defaultValue IfNotPresent */
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  /**
   * The collector script, carried in the container's environment (COLLECTOR_ENV) so that the exec request only
   * names it: the pod spec is a request body, with none of the URL's size limits. @defaultValue none
   */
  collectorScript?: string;
}

// kubectl's alphabet for generated names: no vowels (no words), no 0/1/3 (look like letters).
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Five characters from kubectl's name alphabet; `random` returns numbers in [0, 1). */
export function randomSuffix(random: () => number = Math.random): string {
  let out = '';
  for (let i = 0; i < 5; i++) out += ALPHABET[Math.floor(random() * ALPHABET.length) % ALPHABET.length];
  return out;
}

const trimEnd = (text: string) => text.replace(/[^a-z0-9]+$/i, '');

/** `netcheck-<node>-<suffix>`, the node part cut so the whole name fits a DNS label (63 characters). */
export function debugPodName(node: string, suffix: string): string {
  const room = 63 - 'netcheck-'.length - 1 - suffix.length;
  return `netcheck-${trimEnd(node.slice(0, room))}-${suffix}`;
}

/** The node name as a label value (at most 63 characters, alphanumeric at both ends). */
export function nodeLabelValue(node: string): string {
  return trimEnd(node.slice(0, 63));
}

export function debugPodManifest(options: DebugPodOptions): V1Pod {
  const lifetime = Math.max(1, Math.ceil(options.lifetimeSeconds));
  const host = options.hostFilesystem === true;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: debugPodName(options.node, options.suffix),
      namespace: options.namespace,
      labels: { [MANAGED_BY_LABEL]: MANAGED_BY, [NODE_LABEL]: nodeLabelValue(options.node) },
      annotations: { [NODE_LABEL]: options.node },
    },
    spec: {
      nodeName: options.node, // bypasses the scheduler, as kubectl debug node/X does
      restartPolicy: 'Never',
      hostNetwork: true, // conntrack counts, iptables and routes are per network namespace: read the node's
      hostPID: true,
      dnsPolicy: 'ClusterFirstWithHostNet', // test cluster DNS from the node's network namespace
      tolerations: [{ operator: 'Exists' }],
      activeDeadlineSeconds: lifetime,
      terminationGracePeriodSeconds: 1,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      containers: [
        {
          name: DEBUG_CONTAINER,
          image: options.image ?? DEFAULT_AGENT_IMAGE,
          imagePullPolicy: options.imagePullPolicy ?? 'IfNotPresent',
          command: ['sleep', String(lifetime)],
          ...(options.collectorScript !== undefined
            ? { env: [{ name: COLLECTOR_ENV, value: collectorEnvValue(options.collectorScript) }] }
            : {}),
          // kubectl's netadmin profile (NET_ADMIN, NET_RAW) plus SYSLOG, as the agent DaemonSet has: dmesg holds the
          // kernel's "nf_conntrack: table full" lines and kernel.dmesg_restrict=1 hides it without SYSLOG. As UID 0,
          // said here: the image's default user is not root, and added capabilities are only effective for UID 0.
          securityContext: host
            ? { privileged: true, runAsUser: 0 }
            : { runAsUser: 0, capabilities: { add: ['NET_ADMIN', 'NET_RAW', 'SYSLOG'] } },
          resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } },
          terminationMessagePolicy: 'FallbackToLogsOnError',
          ...(host ? { volumeMounts: [{ name: 'host-root', mountPath: '/host', readOnly: true }] } : {}),
        },
      ],
      ...(host ? { volumes: [{ name: 'host-root', hostPath: { path: '/' } }] } : {}),
    },
  };
}
