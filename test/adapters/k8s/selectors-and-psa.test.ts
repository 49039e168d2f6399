// The pure parts of the fake: selector parsing as the apiserver reads selectors, and Pod Security checks worded and
// ordered as the admission plugin words them (messages from real rejections quoted in public issues).
import { describe, expect, it } from 'vitest';
import { type IPod, makeNamespace } from '../../support/kube-objects.js';
import { parseFieldSelector, parseLabelSelector, SelectorError } from '../../support/kube-selectors.js';
import { enforcedPolicy, podSecurityViolations } from '../../support/pod-security.js';

describe('label selectors', () => {
  it.each([
    ['app=web', { app: 'web' }, true],
    ['app==web', { app: 'db' }, false],
    ['app!=web', {}, true],
    ['tier in (a, b),app', { tier: 'b', app: 'x' }, true],
    ['tier notin (a,b)', { tier: 'a' }, false],
    ['!gpu', { gpu: 'yes' }, false],
    ['', { any: 'thing' }, true],
  ])('%s on %j is %s', (selector, labels, expected) => {
    expect(parseLabelSelector(selector)(labels)).toBe(expected);
  });

  it('rejects what it cannot read', () => {
    expect(() => parseLabelSelector('a in b')).toThrow(SelectorError);
  });
});

describe('field selectors', () => {
  const fields = { 'spec.nodeName': (o: { node: string }) => o.node };
  it('matches = and !=, and names an unsupported field as the apiserver does', () => {
    expect(parseFieldSelector('spec.nodeName=n1', fields)({ node: 'n1' })).toBe(true);
    expect(parseFieldSelector('spec.nodeName!=n1', fields)({ node: 'n1' })).toBe(false);
    expect(() => parseFieldSelector('spec.host=n1', fields)).toThrow('field label not supported: spec.host');
  });
});

const debugPod: IPod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'd' },
  spec: {
    hostNetwork: true,
    hostPID: true,
    volumes: [{ name: 'host-root', hostPath: { path: '/' } }],
    containers: [{ name: 'debugger', image: 'busybox', securityContext: { privileged: true } }],
  },
};

describe('Pod Security Admission', () => {
  it('reads the enforce level and version from the namespace labels; privileged or unlabeled admits all', () => {
    expect(enforcedPolicy(makeNamespace('a', { 'pod-security.kubernetes.io/enforce': 'baseline' }))?.policy).toBe(
      'baseline:latest',
    );
    expect(
      enforcedPolicy(
        makeNamespace('b', {
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'v1.30',
        }),
      )?.policy,
    ).toBe('restricted:v1.30');
    expect(enforcedPolicy(makeNamespace('c', { 'pod-security.kubernetes.io/enforce': 'privileged' }))).toBeUndefined();
    expect(enforcedPolicy(makeNamespace('d'))).toBeUndefined();
  });

  it('names the baseline checks a node debug pod fails, in the plugin order', () => {
    expect(podSecurityViolations(debugPod, 'baseline')).toEqual([
      'host namespaces (hostNetwork=true, hostPID=true)',
      'hostPath volumes (volume "host-root")',
      'privileged (container "debugger" must not set securityContext.privileged=true)',
    ]);
  });

  it('adds the restricted checks after the baseline ones', () => {
    const names = podSecurityViolations(debugPod, 'restricted').map((v) => v.replace(/ \(.*$/, ''));
    expect(names).toEqual([
      'host namespaces',
      'hostPath volumes',
      'privileged',
      'allowPrivilegeEscalation != false',
      'unrestricted capabilities',
      'restricted volume types',
      'runAsNonRoot != true',
      'seccompProfile',
    ]);
  });

  it('admits a restricted-compliant pod', () => {
    const pod: IPod = {
      apiVersion: 'v1',
      kind: 'Pod',
      spec: {
        securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [
          { name: 'c', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } },
        ],
      },
    };
    expect(podSecurityViolations(pod, 'restricted')).toEqual([]);
  });
});
