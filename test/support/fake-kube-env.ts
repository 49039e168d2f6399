// A container's environment as the kubelet builds it from the pod spec: `env` values in order, each with `$(NAME)`
// expanded from the variables before it and `$$` turned into `$` (kubelet's third_party/forked/golang/expansion).
// An exec'd command runs with this environment, like the container's own process.

interface EnvVar {
  name: string;
  value?: string;
}

/** kubelet's expansion: `$$` → `$`, `$(NAME)` → its value when defined (else left as written), any other `$` kept. */
export function expandEnvValue(input: string, defined: ReadonlyMap<string, string>): string {
  let out = '';
  for (let i = 0; i < input.length; i++) {
    const char = input[i];
    if (char !== '$' || i + 1 >= input.length) {
      out += char;
      continue;
    }
    const next = input[i + 1];
    if (next === '$') {
      out += '$';
      i++;
    } else if (next === '(') {
      const close = input.indexOf(')', i + 2);
      if (close < 0) {
        out += '$(';
        i++;
        continue;
      }
      const name = input.slice(i + 2, close);
      out += defined.get(name) ?? `$(${name})`;
      i = close;
    } else {
      out += char;
    }
  }
  return out;
}

/** The environment of a container (only literal `value`s; `valueFrom` is not emulated). */
export function containerEnv(env: readonly EnvVar[] | undefined): Record<string, string> {
  const defined = new Map<string, string>();
  for (const item of env ?? []) defined.set(item.name, expandEnvValue(item.value ?? '', defined));
  return Object.fromEntries(defined);
}
