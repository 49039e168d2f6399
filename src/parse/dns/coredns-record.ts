// One CoreDNS log line, its decoration removed, read as a typed record (loop, upstream error, query, ...).
/** Why CoreDNS got no answer from its upstream (`plugin/errors` lines). */
export type UpstreamReason = 'timeout' | 'refused' | 'unreachable' | 'no-upstream' | 'other';

/** One `[ERROR] plugin/errors: 2 name. TYPE: reason` line. */
export interface UpstreamError {
  name: string;
  qtype: string;
  /** The upstream address (`->8.8.8.8:53`, `dial udp 10.0.0.2:53`), when the line names one. */
  upstream?: string;
  reason: UpstreamReason;
  /** The loop plugin's start-up probe (`HINFO` for a random `<n>.<n>.` name), not a client's query. */
  probe: boolean;
  line: string;
}

export type CorednsRecordType =
  | 'version'
  | 'loop'
  | 'upstream'
  | 'api'
  | 'waiting'
  | 'unsynced'
  | 'start-failure'
  | 'query'
  | 'benign'
  | 'other';

export interface CorednsQuery {
  qtype: string;
  name: string;
  rcode: string;
  seconds?: number;
}

export interface CorednsRecord {
  type: CorednsRecordType;
  /** Only CoreDNS prints lines like this (starts a block); otherwise it may continue one. */
  strong: boolean;
  version?: string;
  upstream?: Omit<UpstreamError, 'line'>;
  query?: CorednsQuery;
}

const CRI = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)? (?:stdout|stderr) [FP] ?/;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)? +/;
const SLASH_DATE = /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d(?:\.\d+)? +/;
const POD_PREFIX = /^\[pod\/[^\]\s]+\] +|^coredns-[\w-]+ coredns +|^[\w-]+ (?=\[(?:INFO|ERROR|WARNING|FATAL)\] )/;
const JOURNAL = /^(?:[A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d(?:\.\d+)?|\d{4}-\d\d-\d\dT\S+) \S+ coredns\[\d+\]: ?/;
const LEVEL = /^\[(INFO|ERROR|WARNING|WARN|FATAL|DEBUG)\] ?(.*)$/;
const QUERY =
  /^\S+:\d+ - (?:\[[^\]]*\] )?\d+ "([A-Z0-9]+) IN (\S+) (?:udp|tcp)[^"]*" ([A-Z]+) \S+ \d+ (\d+(?:\.\d+)?)(s|ms|µs|us|ns)\b/;
const ERRORS = /^(?:plugin\/errors: )?(\d+) (\S+) ([A-Z][A-Z0-9]*): (.*)$/;
const KLOG = /^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+ [\w.-]+\.go:\d+\] (.*)$/;
/** The kubernetes plugin's own complaints: a failed list/watch, a refused or unreachable API (`Get "https://...": dial tcp`). */
const API_PLUGIN =
  /^plugin\/kubernetes: (?:Failed to (?:list|watch)|.*(?:Unauthorized|forbidden)|Get "?https?:\/\/\S+: dial tcp \S+: (?:i\/o timeout|connect: |connection refused))/;
const API_FAILURE = /[Ff]ailed to (?:list|watch) \*v1(?:beta1)?\.(?:Service|Endpoints|EndpointSlice|Namespace|Pod)\b/;

/** The line without `kubectl logs --timestamps/--prefix`, CRI, docker JSON, journald and CoreDNS's own date. */
export function unwrapCorednsLine(raw: string): string {
  let text = raw.replace(/^[\s│┃|]+/, '').trimEnd();
  if (text.startsWith('{"log":"')) {
    try {
      const log = (JSON.parse(text) as { log?: unknown }).log;
      if (typeof log === 'string') text = log.trim();
    } catch {
      // a cut JSON line: read it as text
    }
  }
  for (let i = 0; i < 3; i++) {
    const before = text;
    text = text.replace(CRI, '').replace(POD_PREFIX, '').replace(ISO, '').replace(SLASH_DATE, '').replace(JOURNAL, '');
    if (text === before) break;
  }
  return text;
}

const SECONDS: Record<string, number> = { s: 1, ms: 1e-3, µs: 1e-6, us: 1e-6, ns: 1e-9 };

function reasonOf(text: string): UpstreamReason {
  if (/i\/o timeout|timed out|deadline exceeded|timeout/i.test(text)) return 'timeout';
  if (/connection refused/i.test(text)) return 'refused';
  if (/network is unreachable|no route to host|host is unreachable/i.test(text)) return 'unreachable';
  if (/no healthy upstream|no upstream host|unreachable backend|no nameservers/i.test(text)) return 'no-upstream';
  return 'other';
}

function upstreamOf(body: string): Omit<UpstreamError, 'line'> | undefined {
  const m = ERRORS.exec(body);
  if (!m) return undefined;
  const [, , name, qtype, why] = m;
  const to =
    /->\[?([\da-fA-F.:]+?)\]?:(\d+)\b/.exec(why!) ?? /\bdial (?:udp|tcp) \[?([\da-fA-F.:]+?)\]?:(\d+)/.exec(why!);
  const e: Omit<UpstreamError, 'line'> = {
    name: name!,
    qtype: qtype!,
    reason: reasonOf(why!),
    probe: qtype === 'HINFO' && /^\d+\.\d+\.$/.test(name!),
  };
  if (to) e.upstream = `${to[1]}:${to[2]}`;
  return e;
}

/** Reads one unwrapped line; undefined when CoreDNS does not print lines like it. */
export function readCorednsRecord(text: string): CorednsRecord | undefined {
  const level = LEVEL.exec(text);
  const body = level ? level[2]! : text;
  const version = /^CoreDNS-(\d+\.\d+\.\d+)/.exec(body);
  if (version) return { type: 'version', strong: true, version: version[1]! };
  if (/^plugin\/loop: (?:Loop \(|Seen "HINFO)|loop detected/.test(body) && /plugin\/loop|HINFO/.test(body)) {
    return { type: 'loop', strong: true };
  }
  const query = QUERY.exec(body);
  if (query) {
    const q: CorednsQuery = { qtype: query[1]!, name: query[2]!, rcode: query[3]! };
    q.seconds = Number(query[4]) * (SECONDS[query[5]!] ?? 1);
    return { type: 'query', strong: true, query: q };
  }
  if (level && (body.startsWith('plugin/errors: ') || ERRORS.test(body))) {
    const upstream = upstreamOf(body);
    if (upstream) return { type: 'upstream', strong: true, upstream };
  }
  if (/Still waiting on: "kubernetes"|waiting for Kubernetes API before starting server/.test(body)) {
    return { type: 'waiting', strong: true };
  }
  if (/starting server with unsynced Kubernetes API/.test(body)) return { type: 'unsynced', strong: true };
  if (API_FAILURE.test(body) || API_PLUGIN.test(body)) {
    const coredns = level !== null || /plugin\/kubernetes|\*v1\.Namespace\b/.test(body);
    if (coredns || KLOG.test(body) || /: (?:dial tcp|x509|Unauthorized)/.test(body)) {
      return { type: 'api', strong: coredns };
    }
  }
  if (
    /Error during parsing|^Listen: listen (?:tcp|udp)|plugin\/forward: not an IP address|Corefile:\d+ - Error/.test(
      body,
    )
  ) {
    return { type: 'start-failure', strong: true };
  }
  if (level?.[1] === 'FATAL') return { type: 'start-failure', strong: /plugin\/|Corefile|listen/.test(body) };
  if (
    /^plugin\/(?:reload|health|ready|kubernetes|forward|cache|log|errors|loop|template|hosts|prometheus): /.test(
      body,
    ) ||
    /^No files matching import glob pattern|^SIGTERM: Shutting down servers|^Reloading(?: complete)?$/.test(body)
  ) {
    return { type: level?.[1] === 'INFO' || !level ? 'benign' : 'other', strong: level !== null };
  }
  if (level) return { type: level[1] === 'INFO' ? 'benign' : 'other', strong: false };
  if (/^linux\/(?:amd64|arm64|arm|ppc64le|s390x), go\d/.test(text) || /^(?:\.|\[::\]|[\w.-]+\.):\d+$/.test(text)) {
    return { type: 'benign', strong: false };
  }
  return undefined;
}
