// The parser of the collector's basics section and a pasted `uname -a`: the node's name, kernel, CPUs and netns.
import type { LineScore } from '../parser.js';
import { classifyKeyValue, readKeyValue } from '../shared/key-value-lines.js';
import { lineParser } from '../shared/line-parser.js';

/** Facts about the node the collector ran on. `fields` keeps every `key=value` line (bounded). */
export interface HostInfoValue {
  hostname?: string;
  kernel?: string;
  uptimeSeconds?: number;
  cpus?: number;
  /** `host`, `pod` or `unknown`, when the basics section says. */
  netns?: string;
  fields: Record<string, string>;
}

const MAX_FIELDS = 100;
/** Keys only the collector's basics section prints. */
const SIGNATURE_KEYS = new Set(['kernel', 'uptime_s', 'cpus', 'kernel_version', 'collector_version', 'tools_found']);
const OTHER_KEYS = new Set([
  'hostname',
  'arch',
  'nproc',
  'loadavg',
  'date',
  'epoch',
  'boot_id',
  'user',
  'uid',
  'cap_eff',
  'cap_net_admin',
  'timeout_tool',
  'shell',
  'os',
  'in_container',
  'netns',
  'netns_reason',
  'tools_missing',
]);
/** `uname -a`: `Linux node-7 5.15.0-1034-azure #41-Ubuntu SMP ...`. */
const UNAME = /^Linux\s+(\S+)\s+(\d+\.\d+\S*)\s+#\d+/;

function classify(line: string): LineScore {
  if (line.startsWith('Linux ')) return UNAME.test(line) ? 2 : 0;
  return classifyKeyValue(line, SIGNATURE_KEYS, OTHER_KEYS);
}

function count(raw: string | undefined): number | undefined {
  return raw !== undefined && /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : undefined;
}

/** The collector's basics section (`key=value` lines) and a pasted `uname -a`. */
export const hostInfoParser = lineParser<HostInfoValue>({
  kind: 'host-info',
  command: /^(?:uname\s+-a\b|basics\b)/,
  classify,
  read(notes) {
    const value: HostInfoValue = { fields: {} };
    return {
      push(line) {
        const text = line.trim();
        if (text === '') return;
        const uname = UNAME.exec(text);
        if (uname) {
          value.hostname ??= uname[1]!;
          value.kernel ??= uname[2]!;
          return;
        }
        const field = readKeyValue(text, value.fields, MAX_FIELDS, notes);
        if (!field) return;
        const [key, raw] = field;
        if (key === 'hostname') value.hostname = raw;
        else if (key === 'kernel') value.kernel = raw;
        else if (key === 'uptime_s') value.uptimeSeconds = count(raw);
        else if (key === 'cpus' || (key === 'nproc' && value.cpus === undefined)) value.cpus = count(raw) || value.cpus;
        else if (key === 'netns') value.netns = raw;
      },
      end() {
        return value;
      },
    };
  },
});
