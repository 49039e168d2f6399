// The decorations real pastes carry (line numbers, borders, log prefixes, quotes, prompts, fences, encodings), each
// applied to a whole text the way the tool or site that adds it does.
import { commandOf } from '../../../src/input/command-line.js';

/** One way of dressing a paste: a name and the function that dresses a whole text. */
export interface Dress {
  name: string;
  dress(text: string): string;
}

const linesOf = (text: string): string[] => {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
};
const joined = (lines: readonly string[]): string => `${lines.join('\n')}\n`;
const eachLine = (text: string, f: (line: string, i: number) => string): string => joined(linesOf(text).map(f));

/** Wall-clock times one millisecond apart, from a fixed start (2024-03-05 07:08:09.123 UTC). */
const at = (i: number): Date => new Date(Date.UTC(2024, 2, 5, 7, 8, 9, 123) + i * 1013);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number): string => String(n).padStart(2, '0');
/** `Mar  5 07:08:09`: the RFC 3164 time, the day padded with a space (syslog, `journalctl -o short`). */
const bsd = (d: Date): string =>
  `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
const micros = (d: Date): string => `${String(d.getUTCMilliseconds()).padStart(3, '0')}417`;
/** `2024-03-05T07:08:09.123417417Z`: the RFC 3339 time with nanoseconds (CRI logs, `kubectl logs --timestamps`). */
const nanos = (d: Date): string => `${d.toISOString().slice(0, 19)}.${micros(d)}417Z`;

/** A prompt line in another shell's style, or the line unchanged when it is not a prompt. */
function restyledPrompt(line: string, style: (command: string) => string): string {
  const m = /^\s*(?:\$|[\w.-]+@[\w.-]+(?::[^\s#$%]*)?\s*[#$%]|\[[\w.-]+@[\w.-]+[^\]]*\]\s*[#$])\s?(\S.*)$/.exec(line);
  if (!m || commandOf(line) === undefined) return line;
  return style(m[1]!);
}

/** A box of `width` drawn around the lines, as terminal UIs and Markdown-to-terminal renderers draw one. */
function boxed(text: string, [tl, h, tr, v, bl, br]: readonly string[]): string {
  const lines = linesOf(text).map((l) => l.replaceAll('\t', '    '));
  const width = Math.min(160, Math.max(20, ...lines.map((l) => l.length)));
  const out = [`${tl}${h!.repeat(width + 2)}${tr}`];
  for (const line of lines) out.push(`${v} ${line.padEnd(width)} ${v}`);
  out.push(`${bl}${h!.repeat(width + 2)}${br}`);
  return joined(out);
}

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

export const DRESSES: readonly Dress[] = [
  // Line numbers added by tools and sites.
  { name: 'cat -n', dress: (t) => eachLine(t, (l, i) => `${String(i + 1).padStart(6)}\t${l}`) },
  { name: 'vim number', dress: (t) => eachLine(t, (l, i) => `${String(i + 1).padStart(3)} ${l}`) },
  { name: 'pipe-numbered', dress: (t) => eachLine(t, (l, i) => `${String(i + 1).padStart(4)}| ${l}`) },
  { name: 'grep -n', dress: (t) => eachLine(t, (l, i) => `${i + 1}:${l}`) },
  { name: 'L-numbered', dress: (t) => eachLine(t, (l, i) => `L${i + 1} ${l}`) },
  // Borders drawn by terminal UIs.
  {
    name: 'bat',
    dress: (t) => {
      const rule = (c: string) => `${'─'.repeat(7)}${c}${'─'.repeat(60)}`;
      const body = linesOf(t).map((l, i) => `${String(i + 1).padStart(4)}   │ ${l}`);
      return joined([rule('┬'), '       │ File: output.txt', rule('┼'), ...body, rule('┴')]);
    },
  },
  { name: 'box light', dress: (t) => boxed(t, ['┌', '─', '┐', '│', '└', '┘']) },
  { name: 'box heavy', dress: (t) => boxed(t, ['┏', '━', '┓', '┃', '┗', '┛']) },
  { name: 'box ascii', dress: (t) => boxed(t, ['+', '-', '+', '|', '+', '+']) },
  // Log prefixes: the output of a script run by systemd, read back with journalctl, syslog or from a pod.
  {
    name: 'journalctl short',
    dress: (t) => eachLine(t, (l, i) => `${bsd(at(i))} node-7 diag.sh[4121]: ${l}`),
  },
  {
    name: 'journalctl short-precise',
    dress: (t) => eachLine(t, (l, i) => `${bsd(at(i))}.${micros(at(i))} node-7 diag.sh[4121]: ${l}`),
  },
  {
    name: 'journalctl short-iso',
    dress: (t) => eachLine(t, (l, i) => `${at(i).toISOString().slice(0, 19)}+0000 node-7 diag.sh[4121]: ${l}`),
  },
  {
    name: 'journalctl short-iso-precise',
    dress: (t) =>
      eachLine(t, (l, i) => `${at(i).toISOString().slice(0, 19)}.${micros(at(i))}+00:00 node-7 diag.sh[4121]: ${l}`),
  },
  {
    name: 'journalctl with header',
    dress: (t) =>
      `-- Logs begin at Mon 2024-03-04 22:10:01 UTC, end at Tue 2024-03-05 07:09:00 UTC. --\n${eachLine(
        t,
        (l, i) => `${bsd(at(i))} node-7 diag.sh[4121]: ${l}`,
      )}`,
  },
  {
    name: 'rfc5424',
    dress: (t) => eachLine(t, (l, i) => `<14>1 ${at(i).toISOString()} node-7 diag.sh 4121 - - ${l}`),
  },
  {
    name: 'journalctl -o verbose',
    dress: (t) =>
      joined(
        linesOf(t).flatMap((l, i) => [
          `Tue ${at(i).toISOString().slice(0, 10)} ${at(i).toISOString().slice(11, 19)}.${micros(at(i))} UTC [s=6bffb876a10048479266ab251fa82f13;i=${(0x524715a + i).toString(16)};b=0a163cddc55946f889e0c7d0d3b917e8;m=914ed6facb5;t=55c4887dc4ccd;x=98df4480dbf4c068]`,
          '    _TRANSPORT=stdout',
          '    PRIORITY=6',
          '    SYSLOG_IDENTIFIER=diag.sh',
          `    MESSAGE=${l}`,
          '    _PID=4121',
          '    _HOSTNAME=node-7',
        ]),
      ),
  },
  { name: 'kubectl logs --timestamps', dress: (t) => eachLine(t, (l, i) => `${nanos(at(i))} ${l}`) },
  { name: 'CRI log', dress: (t) => eachLine(t, (l, i) => `${nanos(at(i))} stdout F ${l}`) },
  { name: 'docker compose logs', dress: (t) => eachLine(t, (l) => `debug-1  | ${l}`) },
  // The same kernel lines as other dmesg options print them (lines without a `[  seconds]` stamp are left alone).
  { name: 'dmesg -x', dress: (t) => eachLine(t, (l) => (/^\[\s*\d+\.\d+\]/.test(l) ? `kern  :warn  : ${l}` : l)) },
  { name: 'dmesg -r', dress: (t) => eachLine(t, (l) => (/^\[\s*\d+\.\d+\]/.test(l) ? `<4>${l}` : l)) },
  // Wrapping by chats, test harnesses and log viewers.
  { name: 'quote', dress: (t) => eachLine(t, (l) => (l === '' ? '>' : `> ${l}`)) },
  { name: 'harness pipe', dress: (t) => eachLine(t, (l) => `    | ${l}`) },
  { name: 'fence', dress: (t) => `\`\`\`console\n${t.endsWith('\n') ? t : `${t}\n`}\`\`\`\n` },
  {
    name: 'html pre',
    dress: (t) =>
      `<pre><code>${linesOf(t)
        .map((l) => l.replace(/[&<>]/g, (c) => ENTITY[c]!))
        .join('\n')}</code></pre>\n`,
  },
  // Prompts of other shells and systems.
  { name: 'prompt root@node', dress: (t) => eachLine(t, (l) => restyledPrompt(l, (c) => `root@node-7:~# ${c}`)) },
  { name: 'prompt [root@host]', dress: (t) => eachLine(t, (l) => restyledPrompt(l, (c) => `[root@node-7 ~]# ${c}`)) },
  { name: 'prompt PowerShell', dress: (t) => eachLine(t, (l) => restyledPrompt(l, (c) => `PS C:\\Users\\ops> ${c}`)) },
  { name: 'prompt starship', dress: (t) => eachLine(t, (l) => restyledPrompt(l, (c) => `❯ ${c}`)) },
  { name: 'prompt zsh %', dress: (t) => eachLine(t, (l) => restyledPrompt(l, (c) => `% ${c}`)) },
  // Encodings: Windows line ends, colours, a web page's entities and spaces, chat tools' invisible characters.
  { name: 'CRLF', dress: (t) => t.replaceAll('\n', '\r\n') },
  {
    name: 'ANSI colours',
    dress: (t) =>
      eachLine(t, (l) => (l.trim() === '' ? l : `\u001b[0;32m${l.replace(/\d+/, '\u001b[1m$&\u001b[22m')}\u001b[0m`)),
  },
  { name: 'HTML entities', dress: (t) => t.replace(/[&<>]/g, (c) => ENTITY[c]!) },
  { name: 'non-breaking spaces', dress: (t) => eachLine(t, (l) => l.replace(/^ +/, (s) => '\u00a0'.repeat(s.length))) },
  { name: 'zero-width', dress: (t) => eachLine(t, (l) => `\u200b${l}`) },
  { name: 'tabs to spaces', dress: (t) => t.replaceAll('\t', '    ') },
  // A web page that renders text outside <pre>: runs of spaces and tabs collapse to one space, line breaks kept.
  { name: 'single spaces', dress: (t) => eachLine(t, (l) => l.replace(/[ \t]+/g, ' ').trim()) },
];
