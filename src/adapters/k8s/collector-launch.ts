// How the collector script reaches the pod without riding in the exec URL: exec carries `command` in the URL query,
// and proxies in front of API servers refuse request lines over 8 KiB (nginx) or 16 KiB (HAProxy) with 414, while
// the script is ~47 KB (~79 KB encoded). Each way below is a short fixed `sh -c` launcher plus a few arguments. Pure.
import { COLLECTOR_SCRIPT_NAME } from '../../collector/collector-script.js';

/** Where the agent image carries the collector (deploy/agent/Dockerfile copies src/collector/collector.sh there). */
export const AGENT_COLLECTOR_PATH = '/usr/local/share/netcheck/collector.sh';

/** The debug pod's environment variable that carries the script (the pod spec is a request body, not a URL). */
export const COLLECTOR_ENV = 'NETCHECK_COLLECTOR_SCRIPT';

/** The exit status of a launcher that did not start the collector; its stderr line starts with LAUNCH_MARK. */
export const LAUNCH_EXIT = 3;
const LAUNCH_MARK = 'netcheck-launch: ';

// Agent: run the image's copy only when its SHA-256 is the one of the script this netcheck ships, so the bot and
// the image never disagree on the script. `sha256sum` reads stdin so its output is only the hash (coreutils and
// busybox print `HASH  -`); no sha256sum counts as a mismatch.
const BAKED = `f=$1 want=$2
shift 2
if [ ! -r "$f" ]; then echo "${LAUNCH_MARK}absent $f" >&2; exit ${LAUNCH_EXIT}; fi
have=$(sha256sum <"$f" 2>/dev/null)
have=\${have%% *}
if [ "$have" != "$want" ]; then echo "${LAUNCH_MARK}mismatch \${have:-unhashable} $f" >&2; exit ${LAUNCH_EXIT}; fi
exec sh "$f" "$@"`;

// Agent fallback: the script arrives on stdin. client-node ends a v4 exec (closes the socket) as soon as stdin
// ends, killing the run (v5 sends a stream close instead); so stdin is never ended: `head -c N` reads exactly the
// script's bytes and returns without waiting for an end. The `.` keeps trailing newlines through `$(...)`. The
// collector gets /dev/null as stdin so no tool it runs waits on the open stream. `${#s}` counts bytes under
// LC_ALL=C (the collector sets it too).
const STDIN = `LC_ALL=C
n=$1
shift
s=$(head -c "$n"; echo .)
s=\${s%.}
if [ "\${#s}" -ne "$n" ]; then echo "${LAUNCH_MARK}short \${#s} of $n bytes on stdin" >&2; exit ${LAUNCH_EXIT}; fi
exec sh -c "$s" ${COLLECTOR_SCRIPT_NAME} "$@" </dev/null`;

// Debug pod: the script is in the container's environment (set in the pod spec). It is taken out of the
// environment before the collector starts, so the tools it runs do not each inherit 47 KB; the length check
// catches a value the kubelet's $(VAR) expansion or anything else changed.
const ENV = `LC_ALL=C
s=$${COLLECTOR_ENV}
unset ${COLLECTOR_ENV}
if [ "\${#s}" -ne "$1" ]; then echo "${LAUNCH_MARK}env \${#s} of $1 bytes in ${COLLECTOR_ENV}" >&2; exit ${LAUNCH_EXIT}; fi
shift
exec sh -c "$s" ${COLLECTOR_SCRIPT_NAME} "$@"`;

const bytes = (script: string) => String(Buffer.byteLength(script, 'utf8'));

/** Runs the collector the image carries at `path` if its SHA-256 is `sha256`, else exits LAUNCH_EXIT. */
export function bakedCollectorCommand(path: string, sha256: string, args: readonly string[]): string[] {
  return ['sh', '-c', BAKED, COLLECTOR_SCRIPT_NAME, path, sha256, ...args];
}

/** Runs the script sent on stdin (whose bytes the command names; stdin must stay open). */
export function stdinCollectorCommand(script: string, args: readonly string[]): string[] {
  return ['sh', '-c', STDIN, COLLECTOR_SCRIPT_NAME, bytes(script), ...args];
}

/** Runs the script the debug pod's environment carries (see collectorEnvValue). */
export function envCollectorCommand(script: string, args: readonly string[]): string[] {
  return ['sh', '-c', ENV, COLLECTOR_SCRIPT_NAME, bytes(script), ...args];
}

/**
 * The env value that becomes `script` in the container: the kubelet expands `$(NAME)` in env values and turns
 * `$$` into `$`, so every `$` is doubled (the script has hundreds of `$`, and `$$` is the shell's PID).
 */
export function collectorEnvValue(script: string): string {
  return script.replaceAll('$', () => '$$');
}

/** Why a launcher did not start the collector. */
export type LaunchProblem =
  | { kind: 'absent'; path: string }
  | { kind: 'mismatch'; path: string; found: string }
  | { kind: 'short' | 'env'; received: number; expected: number };

/**
 * The launcher's refusal in a finished run (exit LAUNCH_EXIT, no stdout, its stderr line), or undefined when the
 * collector ran (whatever its outcome).
 */
export function launchProblem(run: {
  exitCode: number | null;
  stdout: Buffer;
  stderr: string;
}): LaunchProblem | undefined {
  if (run.exitCode !== LAUNCH_EXIT || run.stdout.length > 0) return undefined;
  const line = run.stderr.split('\n').find((l) => l.startsWith(LAUNCH_MARK));
  if (!line) return undefined;
  // `absent PATH`, `mismatch HASH PATH`, `short N of M bytes on stdin`, `env N of M bytes in NAME`
  const [kind, first = '', ...rest] = line.slice(LAUNCH_MARK.length).split(' ');
  if (kind === 'absent') return { kind, path: [first, ...rest].join(' ') };
  if (kind === 'mismatch') return { kind, found: first, path: rest.join(' ') };
  if (kind === 'short' || kind === 'env') return { kind, received: Number(first), expected: Number(rest[1]) };
  return undefined;
}
