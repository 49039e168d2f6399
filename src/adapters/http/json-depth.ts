// How deeply a JSON text nests, read from its bytes before it is parsed: a body nested deeper than any webhook
// payload is refused (400) instead of reaching code that recurses over it (serialising the job would throw).

/** Nesting Alertmanager's payload needs: payload → alerts → alert → labels (Grafana adds a level or two). */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether the JSON text in `bytes` opens more than `maxDepth` objects/arrays inside one another. Brackets inside
 * strings do not count: a string is skipped to its closing quote with `indexOf` (one not preceded by an odd number of
 * backslashes). Reads UTF-8 bytes: the bytes of `"`, `\`, `{`, `[`, `]` and `}` never occur inside a multi-byte
 * character.
 */
export function exceedsJsonDepth(bytes: Buffer, maxDepth = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === 0x22) {
      for (;;) {
        const end = bytes.indexOf(0x22, i + 1);
        if (end < 0) return false; // an unterminated string: JSON.parse refuses it
        let backslashes = 0;
        while (bytes[end - 1 - backslashes] === 0x5c) backslashes++;
        i = end;
        if (backslashes % 2 === 0) break;
      }
    } else if (byte === 0x7b || byte === 0x5b) {
      if (++depth > maxDepth) return true;
    } else if (byte === 0x7d || byte === 0x5d) {
      depth--;
    }
  }
  return false;
}
