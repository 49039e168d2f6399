// Assembles the demo cluster's node-1 (conntrack table full) and node-2 (the SNAT race) from the lab-recorded healthy
// node-7 and real public outputs in test/fixtures/real/ (demo/cluster/README.md says which part came from where):
//   npx tsx scripts/assemble-demo-nodes.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const ROOT = new URL('../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, ROOT), 'utf8');
const fixture = (slug: string) => read(`test/fixtures/real/${slug}/input.txt`);

interface Section {
  /** The `#netcheck section ...` line without its `bytes=` value's meaning (recomputed on write). */
  header: string;
  body: string;
}

/** The report's first line and its sections (the sentinel dropped: it is recomputed). */
function splitReport(text: string): { head: string; sections: Section[] } {
  const lines = text.split('\n');
  const head = `${lines[0]}\n`;
  const sections: Section[] = [];
  for (const line of lines.slice(1)) {
    if (line.startsWith('#netcheck section ')) sections.push({ header: line, body: '' });
    else if (line.startsWith('#netcheck end ')) break;
    else if (sections.length > 0) sections.at(-1)!.body += `${line}\n`;
  }
  return { head, sections };
}

/** The report with every section's `bytes=` and the end sentinel recomputed. */
function joinReport(head: string, sections: Section[]): string {
  let text = head;
  for (const s of sections) {
    text += `${s.header.replace(/ bytes=\d+ /, ` bytes=${Buffer.byteLength(s.body)} `)}\n${s.body}`;
  }
  return `${text}#netcheck end sections=${sections.length} bytes=${Buffer.byteLength(text)}\n`;
}

function section(sections: Section[], name: string): Section {
  const found = sections.find((s) => s.header.includes(` name=${name} `));
  if (!found) throw new Error(`no section ${name}`);
  return found;
}

/** The lines of `text` matching `pattern`, verbatim, each with its newline; throws when there are not `count`. */
function linesOf(text: string, pattern: RegExp, count: number): string {
  const lines = text.split('\n').filter((l) => pattern.test(l));
  if (lines.length !== count) throw new Error(`expected ${count} lines matching ${pattern}, found ${lines.length}`);
  return lines.map((l) => `${l}\n`).join('');
}

/** Replaces `key=value` lines (the whole line) in a body; throws when a key is missing. */
function setKeys(body: string, values: Record<string, string>): string {
  let out = body;
  for (const [key, value] of Object.entries(values)) {
    const re = new RegExp(`^${key}=.*$`, 'm');
    if (!re.test(out)) throw new Error(`no ${key}= line`);
    out = out.replace(re, `${key}=${value}`);
  }
  return out;
}

/** node-7 under another host name (the report's `host=` and basics' `hostname=`). */
function healthyAs(name: string) {
  const { head, sections } = splitReport(read('demo/cluster/node-7.txt'));
  const basics = section(sections, 'basics');
  basics.body = setKeys(basics.body, { hostname: name });
  return { head: head.replace(' host=node-7 ', ` host=${name} `), sections };
}

// A real count/max pair (devopsbeast: `cat /proc/sys/net/netfilter/nf_conntrack_{count,max}` on a full node).
const pair = fixture('c-ss-s-timewait-26012-and-count-near-max-devopsbeast');
const count = /nf_conntrack_count\n(\d+)\n/.exec(pair)?.[1];
const max = /nf_conntrack_max\n(\d+)\n/.exec(pair)?.[1];
if (!count || !max) throw new Error('count/max pair not found');

function node1(): string {
  const { head, sections } = healthyAs('node-1');
  const netns = section(sections, 'netns');
  netns.body = setKeys(netns.body, { conntrack_count: count!, conntrack_max: max! });
  const counts = section(sections, 'conntrack-count');
  counts.body = setKeys(counts.body, { nf_conntrack_count: count!, nf_conntrack_max: max! });
  // The kernel log of a Kubernetes node whose table was full (kubernetes/kubernetes#18604).
  section(sections, 'kernel-log').body = linesOf(
    fixture('a-dmesg-table-full-k8s-18604'),
    /^\[\d+\.\d+\] nf_conntrack: table full, dropping packet$/,
    14,
  );
  return joinReport(head, sections);
}

function node2(): string {
  const { head, sections } = healthyAs('node-2');
  const cpuLine = /^cpu=\d+\s/;
  // First sample: an 8-CPU node with no insert failure (concourse/concourse#4153); second: an 8-CPU node whose
  // inserts failed 199 times (weaveworks/weave#3287). Two real samples of two hosts, one counter rising between them.
  section(sections, 'conntrack-stats-1').body = linesOf(
    fixture('a-conntrack-s-percpu-ignore-concourse-4153'),
    cpuLine,
    8,
  );
  section(sections, 'conntrack-stats-2').body = linesOf(
    fixture('a-conntrack-s-legacy-fields-insert-failed-weave-3287'),
    cpuLine,
    8,
  );
  // kube-proxy's nat table without --random-fully, as the lab recorded it for node-6.
  const lab = splitReport(read('demo/cluster/node-6.txt'));
  section(sections, 'iptables-nat').body = section(lab.sections, 'iptables-nat').body;
  return joinReport(head, sections);
}

/** The assembled reports by node name: what demo/cluster/node-1.txt and node-2.txt must hold. */
export function assembleDemoNodes(): Record<'node-1' | 'node-2', string> {
  return { 'node-1': node1(), 'node-2': node2() };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const [name, text] of Object.entries(assembleDemoNodes())) {
    writeFileSync(new URL(`demo/cluster/${name}.txt`, ROOT), text);
  }
}
