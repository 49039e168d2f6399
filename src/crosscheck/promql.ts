// PromQL text built from values: label values are quoted, regex metacharacters escaped. Nothing the caller passes is
// ever pasted into a query unquoted.

/** A PromQL double-quoted string literal. */
export function promqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** `value` as an RE2 pattern matching exactly itself. */
export function regexLiteral(value: string): string {
  return value.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/** `instance="10.0.0.7:9100",job="node-exporter"`: the label matchers that name one target. */
export function targetMatchers(target: { instance: string; job?: string }): string {
  const matchers = [`instance=${promqlString(target.instance)}`];
  if (target.job !== undefined) matchers.push(`job=${promqlString(target.job)}`);
  return matchers.join(',');
}
