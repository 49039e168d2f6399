// The error for input netcheck cannot analyze, with a message a person can act on.
/** Input netcheck cannot analyze, with a message a person can act on. */
export class InputError extends Error {
  constructor(
    readonly code: 'empty' | 'binary' | 'unrecognised',
    message: string,
  ) {
    super(message);
    this.name = 'InputError';
  }
}
