// Label and field selectors as the apiserver reads them from `labelSelector=` and `fieldSelector=`.

type Requirement = { key: string; op: 'in' | 'notin'; values: string[] } | { key: string; op: 'exists' | '!exists' };

/** A parse failure, answered by the server as 400 BadRequest with this message. */
export class SelectorError extends Error {}

/** Splits on commas outside parentheses: `a in (x,y),b=c` → [`a in (x,y)`, `b=c`]. */
function terms(selector: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

function labelRequirement(term: string): Requirement {
  const set = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
  if (set) {
    const values = set[3]!.split(',').map((v) => v.trim());
    return { key: set[1]!, op: set[2] as 'in' | 'notin', values };
  }
  const cmp = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
  if (cmp) return { key: cmp[1]!, op: cmp[2] === '!=' ? 'notin' : 'in', values: [cmp[3]!] };
  const exists = /^(!?)([A-Za-z0-9._/-]+)$/.exec(term);
  if (exists) return { key: exists[2]!, op: exists[1] ? '!exists' : 'exists' };
  throw new SelectorError(`unable to parse requirement: ${JSON.stringify(term)}`);
}

function satisfied(req: Requirement, value: string | undefined): boolean {
  switch (req.op) {
    case 'exists':
      return value !== undefined;
    case '!exists':
      return value === undefined;
    case 'in':
      return value !== undefined && req.values.includes(value);
    case 'notin':
      return value === undefined || !req.values.includes(value);
  }
}

/** Parses a label selector (`=`, `==`, `!=`, `in`, `notin`, `key`, `!key`) into a predicate over labels. */
export function parseLabelSelector(selector: string): (labels: Record<string, string> | undefined) => boolean {
  const reqs = terms(selector).map(labelRequirement);
  return (labels) => reqs.every((req) => satisfied(req, labels?.[req.key]));
}

/**
 * Parses a field selector (`field=value`, `field==value`, `field!=value`) into a predicate over the fields the
 * resource supports; an unsupported field is the apiserver's 400 "field label not supported".
 */
export function parseFieldSelector<T>(
  selector: string,
  fields: Record<string, (object: T) => string | undefined>,
): (object: T) => boolean {
  const reqs = terms(selector).map((term) => {
    const m = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
    if (!m) throw new SelectorError(`invalid selector: '${selector}'; can't understand '${term}'`);
    const read = fields[m[1]!];
    if (!read) throw new SelectorError(`field label not supported: ${m[1]}`);
    return { read, negate: m[2] === '!=', value: m[3]! };
  });
  return (object) => reqs.every((req) => (req.read(object) === req.value) !== req.negate);
}
