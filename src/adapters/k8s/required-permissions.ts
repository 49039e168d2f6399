// What netcheck asks of the Kubernetes API, per exec mode: the verbs deploy/base/rbac.yaml grants (a test holds the
// two equal) and `netcheck doctor` checks one by one with SelfSubjectAccessReview.

/** One verb on one resource, in netcheck's namespace or cluster-wide. */
export interface RequiredPermission {
  verb: string;
  resource: string;
  subresource?: string;
  /** Cluster-scoped (nodes), or namespaced in netcheck's namespace. */
  scope: 'cluster' | 'namespace';
  /** Why netcheck needs it, for the doctor's line. */
  why: string;
}

const BOTH: RequiredPermission[] = [
  { verb: 'get', resource: 'nodes', scope: 'cluster', why: 'resolve a node by name' },
  { verb: 'list', resource: 'nodes', scope: 'cluster', why: 'resolve addresses, sweep every node' },
  { verb: 'list', resource: 'pods', scope: 'namespace', why: 'find the agent pod on a node' },
  { verb: 'get', resource: 'pods', scope: 'namespace', why: 'read a pod before exec' },
  { verb: 'create', resource: 'pods', subresource: 'exec', scope: 'namespace', why: 'run the collector' },
  { verb: 'get', resource: 'pods', subresource: 'exec', scope: 'namespace', why: 'run the collector (WebSocket)' },
];

const DEBUG_POD: RequiredPermission[] = [
  { verb: 'create', resource: 'pods', scope: 'namespace', why: 'start a debug pod on the node' },
  { verb: 'delete', resource: 'pods', scope: 'namespace', why: 'remove debug pods' },
  { verb: 'watch', resource: 'pods', scope: 'namespace', why: 'wait for a debug pod to start' },
];

/** The permissions `mode` needs. */
export function requiredPermissions(mode: 'agent' | 'debug-pod'): RequiredPermission[] {
  return mode === 'agent' ? BOTH : [...BOTH, ...DEBUG_POD];
}

/** `verb resource[/subresource]`, as RBAC and kubectl auth can-i name it. */
export function permissionText(p: RequiredPermission): string {
  return `${p.verb} ${p.resource}${p.subresource ? `/${p.subresource}` : ''}`;
}
