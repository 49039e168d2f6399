// The configuration's typed failure: it names each bad or missing variable, and start-up stops on it.
/** A bad or missing setting: the message names each variable and what is expected. Start-up stops on it. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      problems.length === 1
        ? `invalid configuration: ${problems[0]}`
        : `invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}
