// One kubelet (or k3s/rke2) log line without its decoration: the journald tag, klog header or logrus fields, and
// whether the line is kubelet's own. Shared by the kubelet and kube-proxy log parsers to tell their lines apart.

/** One log line read: its journald program, severity letter, time, Go file and message. */
export interface KubeletLine {
  program?: string;
  severity?: 'I' | 'W' | 'E' | 'F';
  /** `MMDD hh:mm:ss` from klog, else the journald time. */
  time?: string;
  /** Seconds within the year (from klog or journald): only to measure spans within one paste. */
  at?: number;
  file?: string;
  msg: string;
  text: string;
}

/** The journald tags of kubelet and of the single binaries that embed it. */
export const KUBELET_PROGRAMS =
  /^(?:kubelet|kubenswrapper|kubelet-wrapper|k3s|k3s-server|k3s-agent|k3s-service|rke2|rke2-server|rke2-agent|microk8s\.daemon-kubelite|kubelite)$/;

/** Go files whose klog lines only kubelet prints. */
export const KUBELET_FILES = new Set([
  'kubelet.go',
  'kubelet_network.go',
  'kubelet_network_linux.go',
  'kubelet_node_status.go',
  'kubelet_pods.go',
  'kubelet_getters.go',
  'cni.go',
  'pod_workers.go',
  'kuberuntime_manager.go',
  'kuberuntime_sandbox.go',
  'kuberuntime_container.go',
  'remote_runtime.go',
  'generic.go',
  'docker_sandbox.go',
  'pod_container_deletor.go',
  'status_manager.go',
  'reconciler.go',
  'reconciler_common.go',
  'operation_generator.go',
  'container_manager_linux.go',
  'eviction_manager.go',
  'setters.go',
  'plugins.go',
  'runtime.go',
  'csi_plugin.go',
]);

const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';
const JOURNAL =
  /^(?:([A-Z][a-z]{2}) +(\d{1,2}) (\d\d):(\d\d):(\d\d)(?:\.\d+)?|(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\S*) \S+ ([\w.@-]+)(?:\[\d+\])?: ?/;
/** klog; a paste may lose the severity letter (`1023 03:32:46.529178 19936 cni.go:257] ...`). */
const KLOG = /^([IWEF]?)(\d\d)(\d\d) (\d\d):(\d\d):(\d\d)\.\d+\s+\d+\s+([\w.-]+\.go):\d+\] ?(.*)$/;
const LOGRUS = /^time="([^"]*)" level=(\w+) msg="((?:[^"\\]|\\.)*)"/;

function seconds(month: number, day: number, h: string, m: string, s: string): number {
  return ((month * 31 + day) * 24 + Number(h)) * 3600 + Number(m) * 60 + Number(s);
}

/** Reads one line: undefined when it is empty once the decoration is gone. */
export function readKubeletLine(raw: string): KubeletLine | undefined {
  let text = raw.replace(/^[\s│┃]+/, '').trimEnd();
  if (text === '') return undefined;
  const line: KubeletLine = { msg: text, text };
  const j = JOURNAL.exec(text);
  if (j) {
    line.program = j[12]!;
    if (j[1] !== undefined) {
      line.time = `${j[1]} ${j[2]} ${j[3]}:${j[4]}:${j[5]}`;
      line.at = seconds(MONTHS.indexOf(j[1]) / 3, Number(j[2]), j[3]!, j[4]!, j[5]!);
    } else {
      line.time = `${j[7]}${j[8]} ${j[9]}:${j[10]}:${j[11]}`;
      line.at = seconds(Number(j[7]) - 1, Number(j[8]), j[9]!, j[10]!, j[11]!);
    }
    text = text.slice(j[0].length);
    line.text = text;
    line.msg = text;
  }
  const k = KLOG.exec(text);
  if (k) {
    if (k[1]) line.severity = k[1] as KubeletLine['severity'];
    line.time = `${k[2]}${k[3]} ${k[4]}:${k[5]}:${k[6]}`;
    line.at = seconds(Number(k[2]) - 1, Number(k[3]), k[4]!, k[5]!, k[6]!);
    line.file = k[7]!;
    line.msg = k[8]!;
    return line;
  }
  const l = LOGRUS.exec(text);
  if (l) {
    const level = l[2]!.toLowerCase();
    line.severity = level.startsWith('err') || level === 'fatal' ? 'E' : level.startsWith('warn') ? 'W' : 'I';
    line.msg = l[3]!.replace(/\\"/g, '"');
  }
  return text === '' ? undefined : line;
}

/** True when a line is kubelet's own: its journald tag, or a klog header naming one of kubelet's files. */
export function isKubeletLine(line: KubeletLine): boolean {
  if (line.program && /^(?:kubelet|kubenswrapper|kubelet-wrapper)$/.test(line.program)) return true;
  return line.file !== undefined && KUBELET_FILES.has(line.file);
}
