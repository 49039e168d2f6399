// The parser of /etc/resolv.conf, read as glibc and musl read it.
import type { LineScore } from '../parser.js';
import { lineParser } from '../shared/line-parser.js';
import { trimPasted } from '../shared/strip-backticks.js';

/** `/etc/resolv.conf` as the resolver reads it (glibc/musl): later `search`/`domain` lines replace earlier ones. */
export interface ResolvConf {
  nameservers: string[];
  /** The effective search list (the last `search` or `domain` line wins, as in glibc). */
  search: string[];
  domain?: string;
  /** `options ndots:N`; undefined when absent (the resolver default is 1). */
  ndots?: number;
  timeout?: number;
  attempts?: number;
  /** Flag options such as `rotate`, `single-request-reopen`, `use-vc`, `edns0`. */
  flags: string[];
  /** Who wrote the file, from its comments (`NetworkManager`, `systemd-resolved`, `resolvconf`...). */
  generatedBy?: string;
}

const MAX_ENTRIES = 16;
const DOMAIN = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.?$/;
const ADDRESS = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*(?:%\S+)?)$/;

/** The line without a trailing `# comment` (the resolver ignores what follows the value). */
function content(line: string): string {
  const hash = line.search(/\s[#;]/);
  return hash > 0 ? line.slice(0, hash).trim() : line;
}

function classify(raw: string): LineScore {
  const stripped = trimPasted(raw);
  const line = stripped.startsWith('#') || stripped.startsWith(';') ? stripped : content(stripped);
  if (line.startsWith('nameserver'))
    return /^nameserver\s+\S+$/.test(line) && ADDRESS.test(line.slice(10).trim()) ? 2 : 0;
  if (line.startsWith('options ')) {
    return /^options(?:\s+(?:ndots|timeout|attempts):\d+|\s+[a-z][a-z0-9-]*(?::\d+)?)+$/.test(line)
      ? /\b(?:ndots|timeout|attempts):\d/.test(line)
        ? 2
        : 1
      : 0;
  }
  if (line.startsWith('search ')) {
    const names = line.slice(7).trim().split(/\s+/);
    if (!names.every((n) => DOMAIN.test(n))) return 0;
    if (names.length > 1 && !names.some((n) => n.includes('.'))) return 0;
    return names.some((n) => /\.svc\./.test(n) || n.endsWith('.internal') || n.endsWith('cluster.local')) ? 2 : 1;
  }
  if (line.startsWith('domain ')) return /^domain\s+\S+$/.test(line) ? 1 : 0;
  if (line.startsWith('sortlist ')) return 1;
  if (line.startsWith('#') || line.startsWith(';')) {
    return /resolv\.conf|systemd-resolved|NetworkManager|resolvconf|nameserver|DO NOT EDIT/i.test(line) ? 1 : 0;
  }
  return 0;
}

export const resolvConfParser = lineParser<ResolvConf>({
  kind: 'resolv-conf',
  command: /^(?:cat|more|less|head|tail)\s+(?:\S*\/)?(?:resolv\.conf|stub-resolv\.conf)\b|^cat\s+\/etc\/resolv/,
  classify,
  read(notes) {
    const value: ResolvConf = { nameservers: [], search: [], flags: [] };
    return {
      push(raw) {
        const stripped = trimPasted(raw);
        if (stripped === '') return;
        if (stripped.startsWith('#') || stripped.startsWith(';')) {
          const who = /(systemd-resolved|NetworkManager|resolvconf|netconfig|dhclient|cloud-init)/i.exec(stripped);
          if (who && !value.generatedBy) value.generatedBy = who[1]!;
          return;
        }
        const line = content(stripped);
        const [key, ...args] = line.split(/\s+/);
        switch (key) {
          case 'nameserver':
            if (args[0] && value.nameservers.length < MAX_ENTRIES) value.nameservers.push(args[0]);
            return;
          case 'search':
            value.search = args.slice(0, MAX_ENTRIES * 2);
            return;
          case 'domain':
            if (args[0]) {
              value.domain = args[0];
              value.search = [args[0]];
            }
            return;
          case 'options':
            for (const option of args) readOption(value, option);
            return;
          case 'sortlist':
            return;
          default:
            notes.skip('not a resolv.conf line', raw);
        }
      },
      end: () => value,
    };
  },
});

function readOption(value: ResolvConf, option: string): void {
  const m = /^(ndots|timeout|attempts):(\d+)$/.exec(option);
  if (m) {
    value[m[1] as 'ndots' | 'timeout' | 'attempts'] = Number(m[2]);
    return;
  }
  if (!value.flags.includes(option) && value.flags.length < MAX_ENTRIES) value.flags.push(option);
}
