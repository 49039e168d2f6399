// The kernel's TCP conntrack state names, recognised from a line's bytes without decoding them.

export const TCP_STATES = [
  'ESTABLISHED',
  'TIME_WAIT',
  'SYN_SENT',
  'SYN_RECV',
  'FIN_WAIT',
  'CLOSE_WAIT',
  'LAST_ACK',
  'CLOSE',
  'LISTEN',
  'SYN_SENT2',
  'NONE',
] as const;
export const NONE_STATE = 10;

/** Index of a TCP state name in `TCP_STATES` from its length and letters, or -1 (then the name is read). */
export function stateIndex(b: Uint8Array, at: number, length: number): number {
  let i = -1;
  switch (b[at]) {
    case 69 /* E */:
      i = 0;
      break;
    case 84 /* T */:
      i = 1;
      break;
    case 83 /* S */:
      i = length === 9 ? 9 : b[at + 4] === 83 ? 2 : 3;
      break;
    case 70 /* F */:
      i = 4;
      break;
    case 67 /* C */:
      i = length === 5 ? 7 : 5;
      break;
    case 76 /* L */:
      i = length === 6 ? 8 : 6;
      break;
    case 78 /* N */:
      i = 10;
      break;
  }
  // The kernel's TCP state names differ in length or first letters: length and letters identify them.
  return i >= 0 && TCP_STATES[i]!.length === length ? i : -1;
}
