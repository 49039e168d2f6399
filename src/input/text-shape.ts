// What a text that no parser read looks like (a JSON document, a YAML manifest, prose, a log of some program, code),
// from a bounded sample of its lines: said to the user instead of a guess.
/** Lines looked at: enough to tell the shapes apart, bounded whatever the input size. */
const SAMPLE = 400;

const LEVEL = /\b(?:TRACE|DEBUG|INFO|NOTICE|WARN(?:ING)?|ERROR|ERR|FATAL|CRIT(?:ICAL)?|level=\w+)\b/;
const TIME =
  /^\W{0,2}(?:\d{4}[-/]\d\d[-/]\d\d[T ]\d\d:\d\d|[A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d|\d\d:\d\d:\d\d|[IWEF]\d{4} \d\d:\d\d|\[\s*\d+\.\d+\])/;
const JSON_LINE = /^\s*(?:[{}[\]],?|"[^"]*"\s*:|\{"\w+":)/;
const YAML_LINE = /^\s*(?:-\s+)?[\w.\-/"']+:(?:\s|$)|^\s*-\s+\S|^---\s*$/;
const CODE_LINE =
  /[;{}]\s*$|^\s*(?:func|def|class|import|package|return|if|for|const|let|var|function)\b|=>|::|\)\s*\{/;
const WORDS = /[A-Za-z][a-z']+(?:,|\.|\?|!)?(?:\s|$)/g;

export interface TextShape {
  push(line: string): void;
  /** The shape in words ("a JSON document"), or undefined when nothing was sampled. */
  describe(): string | undefined;
}

/** Samples lines (only the first SAMPLE non-blank ones count) and tells what the text looks like. */
export function createTextShape(): TextShape {
  let lines = 0;
  let json = 0;
  let yaml = 0;
  let manifest = false;
  let log = 0;
  let prose = 0;
  let code = 0;
  let first = '';
  return {
    push(line) {
      if (lines >= SAMPLE || line.trim() === '') return;
      if (lines === 0) first = line.trim();
      lines++;
      if (JSON_LINE.test(line)) json++;
      if (YAML_LINE.test(line)) yaml++;
      if (/^\s*(?:apiVersion|kind):\s*\S/.test(line)) manifest = true;
      if (TIME.test(line) || LEVEL.test(line)) log++;
      if (CODE_LINE.test(line)) code++;
      const words = line.match(WORDS)?.length ?? 0;
      if (words >= 5 && words * 6 >= line.trim().length * 0.6) prose++;
    },
    describe() {
      if (lines === 0) return undefined;
      const most = (n: number) => n * 2 > lines;
      if ((first.startsWith('{') || first.startsWith('[')) && most(json)) return 'a JSON document';
      if (most(yaml) && manifest) return 'a YAML manifest (Kubernetes objects)';
      if (most(log)) return 'a log of a program netcheck does not read';
      if (most(yaml)) return 'YAML or key: value settings';
      if (most(prose)) return 'prose (a message or notes, not command output)';
      if (most(code)) return 'source code or a script';
      return 'command output of a kind netcheck does not read';
    },
  };
}
