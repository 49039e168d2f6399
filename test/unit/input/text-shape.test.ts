// Text no parser reads is described (JSON, a manifest, prose, a log, code) with the outputs netcheck reads, and
// never produces a finding.
import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../src/diagnose.js';
import { createTextShape } from '../../../src/input/text-shape.js';

const shapeOf = (text: string): string | undefined => {
  const shape = createTextShape();
  for (const line of text.split('\n')) shape.push(line);
  return shape.describe();
};

const SAMPLES: Record<string, string> = {
  json: '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {\n    "name": "coredns-5d78c9869d-x2x9k",\n    "namespace": "kube-system"\n  }\n}\n',
  manifest:
    'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: kube-proxy\n  namespace: kube-system\nspec:\n  template:\n    spec:\n      hostNetwork: true\n',
  // https://github.com/kubernetes/kubernetes/issues/56903 (the reporter's words around the output)
  prose:
    'Yes, it seems as if the local DNS servers timeout instead of answering with not known, and the lookups from the pods stay slow.\nWe restarted the kube-dns pods and it did not change anything for us today.\n',
  log: '2024-03-05 07:08:09,123 INFO  [main] kafka.server.KafkaServer - starting\n2024-03-05 07:08:10,456 WARN  [main] kafka.log.LogManager - slow disk detected\n2024-03-05 07:08:11,789 ERROR [io-1] kafka.network.Processor - connection refused\n',
  code: 'func main() {\n\tconn, err := net.Dial("udp", "10.96.0.10:53")\n\tif err != nil {\n\t\tpanic(err)\n\t}\n}\n',
};

describe('createTextShape', () => {
  it('tells JSON, manifests, prose, logs and code apart', () => {
    expect(shapeOf(SAMPLES.json!)).toBe('a JSON document');
    expect(shapeOf(SAMPLES.manifest!)).toBe('a YAML manifest (Kubernetes objects)');
    expect(shapeOf(SAMPLES.prose!)).toBe('prose (a message or notes, not command output)');
    expect(shapeOf(SAMPLES.log!)).toBe('a log of a program netcheck does not read');
    expect(shapeOf(SAMPLES.code!)).toBe('source code or a script');
    expect(shapeOf('\n\n')).toBeUndefined();
  });
});

describe('unknown input stays honest', () => {
  it.each(Object.entries(SAMPLES))('%s: no finding, what it looks like and what netcheck reads', (_name, text) => {
    const d = diagnoseText(text);
    expect(d.detected).toEqual([]);
    expect(d.findings).toEqual([]);
    expect(d.report.looksLike).toBe(shapeOf(text));
    const note = d.report.notes.find((n) => n.startsWith('nothing was recognised'));
    expect(note).toContain(`the text looks like ${d.report.looksLike}`);
    expect(note).toMatch(/netcheck reads these outputs: .*iptables-save.*resolv-conf/);
  });

  it('says nothing of the kind when something was read', () => {
    const d = diagnoseText(
      `${SAMPLES.prose}nameserver 10.96.0.10\nsearch default.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n`,
    );
    expect(d.detected).toContain('resolv-conf');
    expect(d.report.looksLike).toBeUndefined();
  });
});
