// `Status` objects exactly as kube-apiserver writes them: in error responses (with kind, apiVersion and code) and
// on the exec status channel (channel 3: no kind, no apiVersion, StatusCause.Type serialised as "reason").

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string; causes?: StatusCause[] };
  code: number;
}

/** What a request asks to do, in the terms authorization uses (verb on resource/subresource). */
export interface RequestAttributes {
  verb: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

export function kubeStatus(code: number, reason: string, message: string, details?: KubeStatus['details']): KubeStatus {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

/** `pods "x" not found`, `nodes "node-9" not found`, `namespaces "y" not found`. */
export function notFound(resource: string, name: string): KubeStatus {
  return kubeStatus(404, 'NotFound', `${resource} "${name}" not found`, { name, kind: resource });
}

/** Any path the server does not serve. */
export function unknownPath(): KubeStatus {
  return kubeStatus(404, 'NotFound', 'the server could not find the requested resource', {});
}

export function alreadyExists(resource: string, name: string): KubeStatus {
  return kubeStatus(409, 'AlreadyExists', `${resource} "${name}" already exists`, { name, kind: resource });
}

export function badRequest(message: string): KubeStatus {
  return kubeStatus(400, 'BadRequest', message);
}

export function unauthorized(): KubeStatus {
  return kubeStatus(401, 'Unauthorized', 'Unauthorized');
}

export function internalError(cause: string): KubeStatus {
  return kubeStatus(500, 'InternalError', `Internal error occurred: ${cause}`, { causes: [{ message: cause }] });
}

/** The prefix every Forbidden message starts with: `pods "x" is forbidden` or `nodes is forbidden`. */
function forbiddenSubject(resource: string, name: string | undefined): string {
  return name ? `${resource} "${name}" is forbidden` : `${resource} is forbidden`;
}

/** An RBAC denial, worded as the apiserver's authorizer words it. */
export function rbacForbidden(attributes: RequestAttributes, user: string): KubeStatus {
  const { verb, resource, subresource, namespace, name } = attributes;
  const what = subresource ? `${resource}/${subresource}` : resource;
  const scope = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
  const message = `${forbiddenSubject(resource, name)}: User "${user}" cannot ${verb} resource "${what}" in API group "" ${scope}`;
  return kubeStatus(403, 'Forbidden', message, { ...(name ? { name } : {}), kind: resource });
}

/** A Pod Security Admission rejection; `violations` as pod-security.ts words them. */
export function podSecurityForbidden(name: string, policy: string, violations: string[]): KubeStatus {
  const message = `${forbiddenSubject('pods', name)}: violates PodSecurity "${policy}": ${violations.join(', ')}`;
  return kubeStatus(403, 'Forbidden', message, { name, kind: 'pods' });
}

/** The status an exec stream ends with (channel 3): success, or a non-zero exit code as a cause. */
export function execExitStatus(exitCode: number, command: readonly string[]): object {
  if (exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

/** An exec that failed without an exit code (the runtime could not start it, the stream broke). */
export function execInternalError(cause: string): object {
  return {
    metadata: {},
    status: 'Failure',
    message: `Internal error occurred: ${cause}`,
    reason: 'InternalError',
    details: { causes: [{ message: cause }] },
    code: 500,
  };
}
