/**
 * The one configuration error of every process: each problem names the setting and the rule it breaks, never the
 * value. `subject` reads "worker configuration", "Box configuration", "API clients file"…; the mains print the
 * message and exit 2.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: string[];

  constructor(
    readonly subject: string,
    problems: readonly string[],
  ) {
    super([`Invalid ${subject}:`, ...problems.map((p) => `- ${p}`)].join('\n'));
    this.problems = [...problems];
  }
}
