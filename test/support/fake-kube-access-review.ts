// The fake apiserver's SelfSubjectAccessReview (POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews), the
// API behind `kubectl auth can-i`: 201 with the review echoed and `status.allowed` from the fake's RBAC denials.
import { badRequest, type KubeStatus, type RequestAttributes } from './kube-status.js';

export const ACCESS_REVIEW_PATH = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';

interface ResourceAttributes {
  verb?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

/** The answer to a review `body`, where `isDenied` is the fake's RBAC. */
export function accessReview(
  body: unknown,
  isDenied: (attrs: RequestAttributes) => boolean,
): { code: number; body: object } | KubeStatus {
  const spec = (body as { spec?: { resourceAttributes?: ResourceAttributes } } | undefined)?.spec;
  const attrs = spec?.resourceAttributes;
  if (!attrs?.verb || !attrs.resource) {
    return badRequest('SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Required');
  }
  const allowed = !isDenied({
    verb: attrs.verb,
    resource: attrs.resource,
    ...(attrs.subresource ? { subresource: attrs.subresource } : {}),
    ...(attrs.namespace ? { namespace: attrs.namespace } : {}),
    ...(attrs.name ? { name: attrs.name } : {}),
  } as RequestAttributes);
  return {
    code: 201,
    body: {
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec,
      status: allowed ? { allowed: true, reason: 'RBAC: allowed by the fake apiserver' } : { allowed: false },
    },
  };
}
