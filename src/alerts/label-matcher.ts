// Alertmanager-style label matchers (`name=value`, `name!=value`, `name=~regex`, `name!~regex`) for triage rules and
// channel routes. Regexes are anchored like Alertmanager's. Pure.

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  name: string;
  op: MatchOp;
  value: string;
  /** Compiled, anchored, for `=~` and `!~`. */
  regex?: RegExp;
}

const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/;

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\(["\\])/g, '$1');
  }
  return value;
}

/** Parses one matcher; throws with a message naming `text` when it is not one. Values may be double-quoted. */
export function parseLabelMatcher(text: string): LabelMatcher {
  const match = MATCHER.exec(text);
  if (!match) {
    throw new Error(
      `${JSON.stringify(text.trim())} is not a label matcher (name=value, name!=value, name=~regex, name!~regex)`,
    );
  }
  const [, name = '', op = '=', raw = ''] = match;
  const value = unquote(raw);
  if (op === '=~' || op === '!~') {
    try {
      return { name, op, value, regex: new RegExp(`^(?:${value})$`) };
    } catch (error) {
      throw new Error(`${JSON.stringify(text.trim())}: bad regex (${(error as Error).message})`);
    }
  }
  return { name, op: op as MatchOp, value };
}

/** Whether `labels` satisfy the matcher. A missing label is the empty string, as in Alertmanager. */
export function matchesLabel(matcher: LabelMatcher, labels: Readonly<Record<string, string | undefined>>): boolean {
  const value = labels[matcher.name] ?? '';
  switch (matcher.op) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return matcher.regex?.test(value) ?? false;
    case '!~':
      return !(matcher.regex?.test(value) ?? false);
  }
}

/** Whether `labels` satisfy every matcher. */
export function matchesAll(
  matchers: readonly LabelMatcher[],
  labels: Readonly<Record<string, string | undefined>>,
): boolean {
  return matchers.every((matcher) => matchesLabel(matcher, labels));
}

/** Splits `text` at `separator` outside double quotes (a quoted regex may contain `,` or `;`). */
export function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] ?? '';
    if (char === '\\' && quoted) {
      current += char + (text[i + 1] ?? '');
      i++;
    } else if (char === '"') {
      quoted = !quoted;
      current += char;
    } else if (char === separator && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}
