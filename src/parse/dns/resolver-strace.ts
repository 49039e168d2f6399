// The parser of `strace` output of a program's name lookups: queries sent to port 53, replies read, and every wait
// (poll/ppoll/select) on a DNS socket with its timeout and whether it expired.
import type { LineScore } from '../parser.js';
import { lineParser } from '../shared/line-parser.js';

/** One wait of the resolver for a reply. */
export interface ResolverWait {
  syscall: string;
  /** The timeout the resolver asked for, in milliseconds. */
  timeoutMs: number;
  /** True when the call returned 0 (`Timeout`): no reply came in time. */
  timedOut: boolean;
  /** The call's own duration (`-T`, `<2.502024>`), seconds. */
  seconds?: number;
  line: string;
}

export interface ResolverStrace {
  calls: number;
  /** Queries sent to port 53 (sendmmsg counts each message). */
  sends: number;
  /** Replies read from a DNS socket. */
  replies: number;
  servers: string[];
  /** Waits on DNS sockets (or on any socket when the trace shows no socket set-up), first 60. */
  waits: ResolverWait[];
  omitted: number;
  /** The program uses musl (ld-musl was loaded). */
  musl: boolean;
  readResolvConf: boolean;
}

const MAX_WAITS = 60;
const PREFIX = /^(?:\[pid\s+\d+\]\s*|\d+\s+)?(?:\d\d:\d\d:\d\d(?:\.\d+)?\s+|\d+\.\d{6}\s+)?/;
const CALL = /^(\w+)\((.*)\)\s+=\s+(-?\d+|\?|0x[0-9a-f]+)(?:\s+(.*?))?(?:\s+<(\d+\.\d+)>)?$/;
const RESUMED = /^<\.\.\. (\w+) resumed>(.*)\)\s+=\s+(-?\d+|\?)(?:\s+(.*?))?(?:\s+<(\d+\.\d+)>)?$/;
const UNFINISHED = /^(\w+)\((.*) <unfinished \.\.\.>$/;
const PORT_53 = /sin6?_port=htons\(53\)/;
const WAITS = new Set(['poll', 'ppoll', 'select', 'pselect6', '_newselect']);

function strip(raw: string): string {
  return raw.trim().replace(PREFIX, '');
}

function classify(raw: string): LineScore {
  const line = strip(raw);
  if (line === '') return 0;
  if (PORT_53.test(line) && /^(?:connect|sendto|sendmmsg|sendmsg|recvfrom|recvmsg|bind)\(/.test(line)) return 2;
  if (/^open(?:at)?\((?:AT_FDCWD, )?"\/etc\/(?:resolv\.conf|hosts|nsswitch\.conf)"/.test(line)) return 2;
  if (/^(?:poll|ppoll)\(\[\{fd=\d+, events=POLL/.test(line)) return 1;
  if (CALL.test(line) || UNFINISHED.test(line) || RESUMED.test(line)) return 1;
  if (/^\+\+\+ exited with \d+ \+\+\+$|^--- SIG\w+ /.test(line)) return 1;
  return 0;
}

/** The timeout a waiting call asked for, in ms: poll's third argument, ppoll's/select's timespec/timeval. */
function timeoutOf(syscall: string, args: string): number | undefined {
  if (syscall === 'poll') {
    const m = /,\s*(-?\d+)\s*$/.exec(args);
    return m ? Number(m[1]) : undefined;
  }
  const spec = /\{tv_sec=(\d+), tv_(nsec|usec)=(\d+)\}|\{(\d+), (\d+)\}/.exec(args);
  if (!spec) return undefined;
  if (spec[1] !== undefined) return Number(spec[1]) * 1000 + Number(spec[3]) / (spec[2] === 'nsec' ? 1e6 : 1e3);
  return Number(spec[4]) * 1000 + Number(spec[5]) / (syscall === 'ppoll' ? 1e6 : 1e3);
}

export const resolverStraceParser = lineParser<ResolverStrace>({
  kind: 'resolver-strace',
  command: /^(?:sudo\s+)?strace\b/,
  classify,
  read(notes) {
    const value: ResolverStrace = {
      calls: 0,
      sends: 0,
      replies: 0,
      servers: [],
      waits: [],
      omitted: 0,
      musl: false,
      readResolvConf: false,
    };
    const dnsFds = new Set<string>();
    const unfinished = new Map<string, string>();
    const candidates: { fds: string[]; wait: ResolverWait }[] = [];
    let sawSocket = false;

    const server = (args: string): void => {
      const addr = /inet_(?:addr|pton)\((?:AF_INET6?, )?"([^"]+)"/.exec(args);
      if (addr && !value.servers.includes(addr[1]!) && value.servers.length < 8) value.servers.push(addr[1]!);
    };
    const call = (
      syscall: string,
      args: string,
      result: string,
      rest: string,
      seconds: string | undefined,
      line: string,
    ) => {
      value.calls++;
      const fd = /^(\d+)/.exec(args)?.[1];
      if (/ld-musl/.test(args)) value.musl = true;
      if (/"\/etc\/resolv\.conf"/.test(args) && /^open/.test(syscall)) value.readResolvConf = true;
      const to53 = PORT_53.test(args);
      if (to53) {
        server(args);
        sawSocket = true;
      }
      if ((syscall === 'connect' || syscall === 'bind') && fd) {
        if (to53 && syscall === 'connect') dnsFds.add(fd);
        else dnsFds.delete(fd);
        return;
      }
      if (/^(?:sendto|sendmsg|sendmmsg|send|write)$/.test(syscall) && fd && (to53 || dnsFds.has(fd))) {
        if (to53) dnsFds.add(fd);
        const n = Number(result);
        if (n > 0) value.sends += syscall === 'sendmmsg' ? n : 1;
        return;
      }
      if (/^(?:recvfrom|recvmsg|recv|read)$/.test(syscall) && fd && (to53 || dnsFds.has(fd))) {
        if (to53) dnsFds.add(fd);
        if (Number(result) > 0) value.replies++;
        return;
      }
      if (syscall === 'close' && fd) {
        dnsFds.delete(fd);
        return;
      }
      if (!WAITS.has(syscall)) return;
      const timeoutMs = timeoutOf(syscall, args);
      if (timeoutMs === undefined || timeoutMs < 0) return;
      const fds = [...args.matchAll(/fd=(\d+)/g)].map((m) => m[1]!);
      if (syscall !== 'poll' && syscall !== 'ppoll')
        fds.push(...(/^\d+, \[([\d ]+)\]/.exec(args)?.[1]?.split(' ') ?? []));
      const wait: ResolverWait = { syscall, timeoutMs, timedOut: result === '0', line: line.slice(0, 200) };
      if (seconds !== undefined) wait.seconds = Number(seconds);
      if (/Timeout/.test(rest)) wait.timedOut = true;
      if (fds.some((f) => dnsFds.has(f))) {
        if (value.waits.length < MAX_WAITS) value.waits.push(wait);
        else value.omitted++;
      } else if (candidates.length < MAX_WAITS) candidates.push({ fds, wait });
    };

    return {
      push(raw) {
        const line = strip(raw);
        if (line === '') return;
        const un = UNFINISHED.exec(line);
        if (un) {
          unfinished.set(un[1]!, un[2]!);
          return;
        }
        const resumed = RESUMED.exec(line);
        if (resumed) {
          const head = unfinished.get(resumed[1]!) ?? '';
          unfinished.delete(resumed[1]!);
          call(resumed[1]!, `${head}${resumed[2]}`, resumed[3]!, resumed[4] ?? '', resumed[5], line);
          return;
        }
        const m = CALL.exec(line);
        if (m) {
          call(m[1]!, m[2]!, m[3]!, m[4] ?? '', m[5], line);
          return;
        }
        if (!/^\+\+\+ |^--- SIG|^strace: /.test(line)) notes.skip('not an strace line', raw);
      },
      end() {
        // A trace filtered to waits only (`-e trace=poll`) shows no socket: its waits count when DNS was seen.
        if (value.waits.length === 0 && !sawSocket && value.readResolvConf) {
          for (const c of candidates) if (value.waits.length < MAX_WAITS) value.waits.push(c.wait);
        }
        return value;
      },
    };
  },
});
