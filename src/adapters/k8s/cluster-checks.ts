// `netcheck doctor`'s Kubernetes checks: the API server answers, each permission netcheck needs is granted
// (SelfSubjectAccessReview, the API behind `kubectl auth can-i`), and the exec mode can work: the agent is ready on
// every Ready node, or Pod Security admits the debug pod (a server-side dry run of its real manifest).
import { AuthorizationV1Api, VersionApi } from '@kubernetes/client-node';
import { type DoctorCheck, failed, passed } from '../../domain/doctor-check.js';
import { DEFAULT_AGENT_SELECTOR } from './agent-executor.js';
import { debugPodManifest } from './debug-pod-spec.js';
import { callOptions, type KubeClient, loadKubeClient } from './kube-client.js';
import { toNodeExecError } from './kube-errors.js';
import { listNodes } from './list-nodes.js';
import { permissionText, requiredPermissions } from './required-permissions.js';

export interface ClusterCheckSettings {
  mode: 'agent' | 'debug-pod';
  kubeconfig?: string;
  namespace?: string;
  env?: NodeJS.ProcessEnv;
  /** The agent pods' label selector. @defaultValue app.kubernetes.io/name=netcheck-agent */
  agentSelector?: string;
}

const messageOf = (error: unknown) => (error as Error).message;

/** Runs the Kubernetes checks; never throws. */
export async function checkKubernetes(settings: ClusterCheckSettings, timeoutMs = 10_000): Promise<DoctorCheck[]> {
  let client: KubeClient;
  try {
    client = loadKubeClient({
      ...(settings.kubeconfig !== undefined ? { kubeconfig: settings.kubeconfig } : {}),
      ...(settings.namespace !== undefined ? { namespace: settings.namespace } : {}),
      ...(settings.env !== undefined ? { env: settings.env } : {}),
      requestTimeoutMs: timeoutMs,
    });
  } catch (error) {
    const hint = (error as { hint?: string }).hint ?? 'Set KUBECONFIG, or run in the cluster with a ServiceAccount.';
    return [failed('kubernetes', 'API server', messageOf(error), hint)];
  }
  try {
    const version = await client.kc.makeApiClient(VersionApi).getCode(callOptions(timeoutMs));
    const checks = [passed('kubernetes', 'API server', `${client.server} (${version.gitVersion})`)];
    checks.push(...(await permissionChecks(client, settings.mode, timeoutMs)));
    checks.push(
      settings.mode === 'agent' ? await agentCheck(client, settings, timeoutMs) : await debugPodCheck(client),
    );
    return checks;
  } catch (error) {
    const e = toNodeExecError(error, { action: `reach the API server ${client.server}` });
    return [failed('kubernetes', 'API server', e.message, e.hint)];
  }
}

async function permissionChecks(client: KubeClient, mode: ClusterCheckSettings['mode'], timeoutMs: number) {
  const api = client.kc.makeApiClient(AuthorizationV1Api);
  return Promise.all(
    requiredPermissions(mode).map(async (p) => {
      const name = `may ${permissionText(p)}${p.scope === 'namespace' ? ` in ${client.namespace}` : ''}`;
      const review = await api.createSelfSubjectAccessReview(
        {
          body: {
            apiVersion: 'authorization.k8s.io/v1',
            kind: 'SelfSubjectAccessReview',
            spec: {
              resourceAttributes: {
                verb: p.verb,
                resource: p.resource,
                ...(p.subresource ? { subresource: p.subresource } : {}),
                ...(p.scope === 'namespace' ? { namespace: client.namespace } : {}),
              },
            },
          },
        },
        callOptions(timeoutMs),
      );
      return review.status?.allowed
        ? passed('kubernetes', name, p.why)
        : failed(
            'kubernetes',
            name,
            `denied${review.status?.reason ? `: ${review.status.reason}` : ''} (needed to ${p.why})`,
            `Apply deploy/base/rbac.yaml (its ${p.scope === 'cluster' ? 'ClusterRole' : `Role in ${client.namespace}`} grants it) and check the binding names netcheck's ServiceAccount; kubectl auth can-i ${permissionText(p)}${p.scope === 'namespace' ? ` -n ${client.namespace}` : ''} --as=system:serviceaccount:${client.namespace}:netcheck shows the same.`,
          );
    }),
  );
}

async function agentCheck(client: KubeClient, settings: ClusterCheckSettings, timeoutMs: number) {
  const name = 'agent DaemonSet';
  try {
    const nodes = (await listNodes(client)).filter((n) => n.ready).map((n) => n.name);
    const selector = settings.agentSelector ?? DEFAULT_AGENT_SELECTOR;
    const pods = await client.core.listNamespacedPod(
      { namespace: client.namespace, labelSelector: selector },
      callOptions(timeoutMs),
    );
    const readyOn = new Set(
      pods.items
        .filter((p) => p.status?.phase === 'Running')
        .filter((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
        .map((p) => p.spec?.nodeName ?? ''),
    );
    const missing = nodes.filter((n) => !readyOn.has(n));
    const detail = `ready on ${nodes.length - missing.length} of ${nodes.length} Ready nodes`;
    if (missing.length === 0 && nodes.length > 0) return passed('kubernetes', name, detail);
    const shown = missing.slice(0, 5).join(', ') + (missing.length > 5 ? `, and ${missing.length - 5} more` : '');
    return failed(
      'kubernetes',
      name,
      nodes.length === 0 ? 'no Ready node' : `${detail}; missing on ${shown}`,
      `kubectl apply -k deploy/base, then kubectl -n ${client.namespace} rollout status daemonset/netcheck-agent; a pod that does not start says why in kubectl -n ${client.namespace} describe pod -l ${selector}. Or set NETCHECK_EXEC_MODE=debug-pod.`,
    );
  } catch (error) {
    const e = toNodeExecError(error, { action: 'list nodes and agent pods', namespace: client.namespace });
    return failed('kubernetes', name, e.message, e.hint);
  }
}

/** Pod Security admits the debug pod: its real manifest created with dryRun=All (admission runs, nothing is stored). */
async function debugPodCheck(client: KubeClient) {
  const name = `Pod Security admits the debug pod in ${client.namespace}`;
  try {
    const node = (await listNodes(client)).find((n) => n.ready)?.name;
    if (!node) return failed('kubernetes', name, 'no Ready node to try on', 'Check the nodes: kubectl get nodes.');
    const manifest = debugPodManifest({ node, namespace: client.namespace, lifetimeSeconds: 60, suffix: 'dctor' });
    await client.core.createNamespacedPod(
      { namespace: client.namespace, body: manifest, dryRun: 'All' },
      callOptions(client.requestTimeoutMs),
    );
    return passed('kubernetes', name, `a dry run on ${node} was admitted`);
  } catch (error) {
    const e = toNodeExecError(error, {
      action: `create a debug pod in namespace ${client.namespace} (dry run)`,
      verb: 'create',
      resource: 'pods',
      namespace: client.namespace,
    });
    return failed('kubernetes', name, e.message, e.hint);
  }
}
