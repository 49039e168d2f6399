import { AbortError, ApiException, FetchError } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { ExecUpgradeError, toNodeExecError } from '../../../src/adapters/k8s/kube-errors.js';

// Status bodies in the exact shape kube-apiserver writes them (kind Status, reason, details, code).
const status = (code: number, reason: string, message: string, details: object = {}) =>
  JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details, code });

const api = (code: number, body: string | undefined) => new ApiException(code, 'Unknown API Status Code!', body, {});

describe('toNodeExecError', () => {
  it('names the missing verb and resource of an RBAC denial, and always both verbs for pods/exec', () => {
    const exec = toNodeExecError(
      api(
        403,
        status(
          403,
          'Forbidden',
          'pods "netcheck-agent-x7k2p" is forbidden: User "system:serviceaccount:netcheck:netcheck" cannot create resource "pods/exec" in API group "" in the namespace "netcheck"',
          { name: 'netcheck-agent-x7k2p', kind: 'pods' },
        ),
      ),
      { action: 'exec into pod netcheck-agent-x7k2p', namespace: 'netcheck' },
    );
    expect(exec.code).toBe('rbac-denied');
    expect(exec.permanent).toBe(true);
    expect(exec.hint).toMatch(/^Grant create and get on pods\/exec in namespace netcheck to system:serviceaccount/);

    const nodes = toNodeExecError(
      api(
        403,
        status(
          403,
          'Forbidden',
          'nodes is forbidden: User "alice@example.com" cannot list resource "nodes" in API group "" at the cluster scope',
          { kind: 'nodes' },
        ),
      ),
      { action: 'list nodes' },
    );
    expect(nodes.hint).toMatch(/^Grant list on nodes at the cluster scope .* to alice@example\.com/);
  });

  it('falls back on what the call needed when a refused exec upgrade lost its body', () => {
    const error = toNodeExecError(new Error('Unexpected server response: 403'), {
      action: 'exec into pod p',
      verb: 'get',
      resource: 'pods/exec',
      namespace: 'ops',
    });
    expect(error.code).toBe('rbac-denied');
    expect(error.hint).toContain('Grant create and get on pods/exec in namespace ops');
  });

  it('names the namespace label a Pod Security rejection needs', () => {
    const error = toNodeExecError(
      api(
        403,
        status(
          403,
          'Forbidden',
          'pods "netcheck-node-7-k2x9q" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true, hostPID=true), non-default capabilities (container "netcheck" must not include "NET_ADMIN", "NET_RAW" in securityContext.capabilities.add)',
          { name: 'netcheck-node-7-k2x9q', kind: 'pods' },
        ),
      ),
      { action: 'create pod netcheck-node-7-k2x9q', namespace: 'netcheck' },
    );
    expect(error.code).toBe('psa-rejected');
    expect(error.message).toContain('enforce level baseline');
    expect(error.message).toContain('hostNetwork=true');
    expect(error.hint).toContain('kubectl label namespace netcheck pod-security.kubernetes.io/enforce=privileged');
  });

  it('maps 404 by what was looked up, and a missing namespace on its own', () => {
    const notFound = { code: 'node-not-found' as const, hint: 'check the node' };
    const node = toNodeExecError(api(404, status(404, 'NotFound', 'nodes "node-9" not found')), {
      action: 'read node node-9',
      notFound,
    });
    expect([node.code, node.hint]).toEqual(['node-not-found', 'check the node']);
    const namespace = toNodeExecError(api(404, status(404, 'NotFound', 'namespaces "netcheck" not found')), {
      action: 'create pod p',
      notFound,
    });
    expect(namespace.code).toBe('exec-failed');
    expect(namespace.message).toBe('namespace netcheck does not exist');
    expect(
      toNodeExecError(new ExecUpgradeError(404, status(404, 'NotFound', 'pods "p" not found')), {
        action: 'exec',
      }).message,
    ).toContain('pods "p" not found');
  });

  it('tells transient API trouble from permanent failures', () => {
    expect(
      toNodeExecError(api(503, status(503, 'ServiceUnavailable', 'the server is currently unable')), { action: 'a' })
        .code,
    ).toBe('apiserver-unreachable');
    expect(toNodeExecError(api(429, status(429, 'TooManyRequests', 'too many requests')), { action: 'a' }).code).toBe(
      'apiserver-unreachable',
    );
    expect(toNodeExecError(api(504, status(504, 'Timeout', 'request timed out')), { action: 'a' }).code).toBe(
      'timeout',
    );
    const unauthorized = toNodeExecError(api(401, undefined), { action: 'list nodes' });
    expect([unauthorized.code, unauthorized.permanent]).toEqual(['rbac-denied', true]);
    const dial = toNodeExecError(
      api(
        500,
        status(500, 'InternalError', 'error dialing backend: dial tcp 10.0.1.7:10250: connect: connection refused'),
      ),
      { action: 'exec' },
    );
    expect(dial.code).toBe('exec-failed');
    expect(dial.message).toContain('error dialing backend');
  });

  it('maps network errors and aborts', () => {
    const refused = new FetchError('request to https://10.0.0.1/api failed, reason: connect ECONNREFUSED', 'system', {
      code: 'ECONNREFUSED',
    } as never);
    expect(toNodeExecError(refused, { action: 'list nodes' }).code).toBe('apiserver-unreachable');
    expect(
      toNodeExecError(Object.assign(new Error('self-signed'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), { action: 'a' })
        .hint,
    ).toContain('certificate');
    expect(toNodeExecError(new AbortError('The operation was aborted.'), { action: 'a' }).code).toBe('timeout');
    expect(
      toNodeExecError(new Error('HTTP protocol is not allowed when skipTLSVerify is not set or false'), { action: 'a' })
        .code,
    ).toBe('apiserver-unreachable');
    expect(toNodeExecError(new Error('boom'), { action: 'a' }).code).toBe('exec-failed');
  });
});
