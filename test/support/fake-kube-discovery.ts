// Discovery documents: enough for kubectl (which reads /api, /apis and /api/v1 before anything else) and client-node.
// Plain JSON answers are accepted even when the client asks for aggregated discovery or Tables first.

export function versionInfo(gitVersion: string): object {
  const [major, minor] = gitVersion.replace(/^v/, '').split('.');
  return {
    major,
    minor,
    gitVersion,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2025-01-01T00:00:00Z',
    goVersion: 'go1.23.4',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

export function apiVersions(serverAddress: string): object {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

export function apiGroupList(): object {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: [] };
}

function resource(name: string, kind: string, namespaced: boolean, verbs: string[], shortNames?: string[]): object {
  const singularName = name.includes('/') ? '' : name.replace(/s$/, '');
  return { name, singularName, namespaced, kind, verbs, ...(shortNames ? { shortNames } : {}) };
}

export function coreV1Resources(): object {
  const crud = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
  return {
    kind: 'APIResourceList',
    groupVersion: 'v1',
    resources: [
      resource(
        'namespaces',
        'Namespace',
        false,
        ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
        ['ns'],
      ),
      resource('nodes', 'Node', false, crud, ['no']),
      resource('pods', 'Pod', true, crud, ['po']),
      resource('pods/exec', 'PodExecOptions', true, ['create', 'get']),
      resource('pods/log', 'Pod', true, ['get']),
    ],
  };
}
