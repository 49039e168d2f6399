// The agent's baked collector is run only when its SHA-256 is the one of the script netcheck ships. An image without
// it, or with another version, still yields the whole report (the script sent over stdin, on v5 and v4, under the
// 8 KiB proxy limit) plus a warning to update the image; when that fails too the error says which image to run.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createAgentExecutor } from '../../../src/adapters/k8s/agent-executor.js';
import { AGENT_COLLECTOR_PATH } from '../../../src/adapters/k8s/collector-launch.js';
import type { KubeClient } from '../../../src/adapters/k8s/kube-client.js';
import { collectorSha256, readCollectorScript } from '../../../src/collector/collector-script.js';
import { diagnoseText } from '../../../src/diagnose.js';
import { type AgentImage, localCollectorExec } from '../../support/exec-handlers.js';
import { type FakeKubeApiserver, startFakeKubeApiserver } from '../../support/fake-kube-apiserver.js';
import type { ExecHandler } from '../../support/fake-kube-exec.js';
import { execError, kubeClientFor, removeTempDirs } from '../../support/k8s-helpers.js';
import { makeNode, makeRunningPod } from '../../support/kube-objects.js';

const AGENT = { 'app.kubernetes.io/name': 'netcheck-agent' };
const EXPECTED_SHA = collectorSha256(readCollectorScript());
/** A collector from another netcheck version: it would print a report, but not this netcheck's. */
const OTHER_COLLECTOR = '#!/bin/sh\necho "#netcheck report version=0 from an older image"\n';
const isRoot = process.getuid?.() === 0;

let api: FakeKubeApiserver | undefined;
let client: KubeClient;

async function start(options: { image?: AgentImage; exec?: ExecHandler; execProtocols?: string[] } = {}) {
  api = await startFakeKubeApiserver({
    maxRequestLineBytes: 8192,
    execProtocols: options.execProtocols,
    nodes: [makeNode('node-7', { internalIP: '10.0.1.7' })],
    pods: [makeRunningPod('netcheck-agent-x7k2p', { namespace: 'netcheck', node: 'node-7', labels: AGENT })],
    exec: options.exec ?? localCollectorExec(options.image),
  });
  client = kubeClientFor(api, { namespace: 'netcheck' });
  return api;
}

afterEach(async () => {
  await api?.close();
  api = undefined;
});
afterAll(() => removeTempDirs());

const collect = () => createAgentExecutor({ client }).collect({ node: 'node-7', interval: 0, deadlineSeconds: 60 });

describe('the agent image collector check', () => {
  // Emulating the image's file takes a private mount namespace (root); without it every image lacks the file.
  it.skipIf(!isRoot)(
    'runs an image collector with another hash only after netcheck sent its own over stdin',
    async () => {
      const fake = await start({ image: { collector: OTHER_COLLECTOR } });
      const result = await collect();
      expect(result, result.stderr).toMatchObject({ exitCode: 0, complete: true });
      expect(result.report).not.toContain('from an older image');
      expect(diagnoseText(result.report).findings.map((f) => f.id)).not.toContain('report.incomplete');
      const execs = fake.requests.filter((r) => r.upgrade);
      expect(execs.map((r) => r.query.get('stdin'))).toEqual(['false', 'true']);
      expect(fake.proxyRefusals).toEqual([]);
      for (const exec of execs) expect(exec.requestLineBytes).toBeLessThan(2048);
      expect(result.warnings).toEqual([
        `the agent pod netcheck/netcheck-agent-x7k2p carries another collector at ${AGENT_COLLECTOR_PATH} (sha256 ${collectorSha256(OTHER_COLLECTOR)}) than this netcheck ships: netcheck sent its own collector over stdin instead. Update the agent image to the one built from this netcheck's deploy/agent/Dockerfile (its collector has sha256 ${EXPECTED_SHA}; the default image is ghcr.io/netcheck/netcheck-agent:0.1.0), then kubectl -n netcheck rollout status daemonset/netcheck-agent.`,
      ]);
    },
  );

  it('sends the collector over stdin to an image without one, and warns', async () => {
    await start({ image: { collector: null } });
    const result = await collect();
    expect(result, result.stderr).toMatchObject({ exitCode: 0, complete: true });
    expect(result.warnings?.[0]).toMatch(
      /^the agent pod netcheck\/netcheck-agent-x7k2p has no collector at \/usr\/local\/share\/netcheck\/collector\.sh \(an agent image older than this netcheck\): netcheck sent its own collector over stdin instead\. Update the agent image/,
    );
  });

  it('keeps stdin open on a v4-only server, where ending it would end the run', async () => {
    const fake = await start({ image: { collector: null }, execProtocols: ['v4.channel.k8s.io'] });
    const result = await collect();
    expect(result, result.stderr).toMatchObject({ exitCode: 0, complete: true });
    expect(fake.requests.filter((r) => r.upgrade)).toHaveLength(2);
  });

  it('says which agent image to run when the script cannot be sent either', async () => {
    const local = localCollectorExec({ collector: null });
    // A runtime that fails every exec with stdin (the first exec, without, runs the launcher as usual).
    await start({
      exec: (context) =>
        context.stdin
          ? { internalError: 'error executing command in container: stdin is not supported' }
          : local(context),
    });
    const error = await execError(collect());
    expect(error.code).toBe('agent-outdated');
    expect(error.permanent).toBe(false);
    expect(error.message).toMatch(
      /^the agent pod netcheck\/netcheck-agent-x7k2p has no collector at \/usr\/local\/share\/netcheck\/collector\.sh \(an agent image older than this netcheck\), and sending this netcheck's collector over stdin failed: no report from node node-7: the exec failed \(InternalError: .*stdin is not supported\)/,
    );
    expect(error.hint).toContain(`its collector has sha256 ${EXPECTED_SHA}`);
    expect(error.hint).toContain('deploy/agent/Dockerfile');
  });
});
