import { createNoteCollector } from '../notes.js';
import type { LineScore, Parser } from '../parser.js';

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
const KV = /^\s*([a-z][a-z0-9_]*)=(.*)$/;
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
  const m = KV.exec(line);
  if (!m) return 0;
  return SIGNATURE_KEYS.has(m[1]!) ? 2 : OTHER_KEYS.has(m[1]!) ? 1 : 0;
}

function count(raw: string | undefined): number | undefined {
  return raw !== undefined && /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : undefined;
}

/** The collector's basics section (`key=value` lines) and a pasted `uname -a`. */
export const hostInfoParser: Parser<HostInfoValue> = {
  kind: 'host-info',
  command: /^(?:uname\s+-a\b|basics\b)/,
  classify,
  create() {
    const notes = createNoteCollector();
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
        const m = KV.exec(text);
        if (!m) {
          notes.skip('not a key=value line', text);
          return;
        }
        const [, key, raw] = m as unknown as [string, string, string];
        if (value.fields[key] === undefined && Object.keys(value.fields).length >= MAX_FIELDS) return;
        value.fields[key] = raw;
        if (key === 'hostname') value.hostname = raw;
        else if (key === 'kernel') value.kernel = raw;
        else if (key === 'uptime_s') value.uptimeSeconds = count(raw);
        else if (key === 'cpus' || (key === 'nproc' && value.cpus === undefined)) value.cpus = count(raw) || value.cpus;
        else if (key === 'netns') value.netns = raw;
      },
      end() {
        return { value, notes: notes.list() };
      },
    };
  },
};
