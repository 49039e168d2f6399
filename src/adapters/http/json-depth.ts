// How deeply a JSON text nests, read from its bytes before it is parsed: a body nested deeper than any webhook
// payload is refused (400) instead of reaching code that recurses over it (serialising the job would throw).

/** Nesting Alertmanager's payload needs: payload → alerts → alert → labels (Grafana adds a level or two). */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether the JSON text in `bytes` opens more than `maxDepth` objects/arrays inside one another. Brackets inside
 * strings do not count. Reads UTF-8 bytes: the bytes of `"`, `\`, `{`, `[`, `]` and `}` never occur inside a
 * multi-byte character.
 */
export function exceedsJsonDepth(bytes: Uint8Array, maxDepth = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === 0x5c)
        i++; // `\`: the next byte is escaped
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) {
      inString = true;
    } else if (byte === 0x7b || byte === 0x5b) {
      if (++depth > maxDepth) return true;
    } else if (byte === 0x7d || byte === 0x5d) {
      depth--;
    }
  }
  return false;
}
