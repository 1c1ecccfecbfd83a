import { Command, CommanderError } from 'commander';

/**
 * The one way the project's commands parse their arguments (commander): unknown options and extra arguments are
 * errors, each printed as one line `<name>: …`, never Node's raw parser text.
 */
export function strictProgram(name: string): Command {
  return new Command(name)
    .exitOverride()
    .allowExcessArguments(false)
    .configureOutput({ outputError: (text, write) => write(`${name}: ${oneLineError(text)}\n`) });
}

/** commander's "error: unknown command 'x'\n(Did you mean status?)" as one line. */
export function oneLineError(text: string): string {
  return text
    .replace(/^error: /, '')
    .replace(/\n\(Did you mean (.*)\?\)/, ' (did you mean $1?)')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

/**
 * Parses `argv` (the arguments after the script); undefined when the action should run, else the exit code:
 * 0 after --help, 2 after a usage error (already printed).
 */
export function parseArguments(program: Command, argv: string[]): number | undefined {
  try {
    program.parse(argv, { from: 'user' });
    return undefined;
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : 2;
  }
}

export interface NumberFlag {
  flag: string;
  /** The environment variable used when the flag is absent. */
  env: string;
  fallback: number;
}

/**
 * A script's positive whole-number flags, each with an environment fallback, parsed strictly (an unknown flag or a
 * stray argument is an error). Throws one Error listing every problem; prints the help and exits 0 on --help.
 */
export function positiveNumberFlags<K extends string>(
  name: string,
  argv: string[],
  env: NodeJS.ProcessEnv,
  specs: Record<K, NumberFlag>,
  strings: Record<string, { flag: string; description: string }> = {},
): { numbers: Record<K, number>; strings: Record<string, string | undefined> } {
  const program = new Command(name).exitOverride().allowExcessArguments(false);
  program.configureOutput({ outputError: () => undefined });
  const entries = Object.entries(specs) as [K, NumberFlag][];
  for (const [key, spec] of entries) {
    program.option(`${spec.flag} <n>`, `${key} (${spec.env}; default ${spec.fallback})`);
  }
  for (const { flag, description } of Object.values(strings)) program.option(`${flag} <value>`, description);
  try {
    program.parse(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError && err.code === 'commander.helpDisplayed') process.exit(0);
    if (err instanceof CommanderError) throw new Error(oneLineError(err.message));
    throw err;
  }
  const given = program.opts<Record<string, string | undefined>>();
  const problems: string[] = [];
  const numbers = {} as Record<K, number>;
  for (const [key, spec] of entries) {
    const raw = given[optionKey(spec.flag)] ?? env[spec.env];
    const value = raw === undefined || raw === '' ? spec.fallback : Number(raw);
    if (!Number.isInteger(value) || value <= 0)
      problems.push(`${spec.flag} (${spec.env}) must be a positive whole number`);
    numbers[key] = value;
  }
  if (problems.length > 0) throw new Error(problems.join('; '));
  const texts: Record<string, string | undefined> = {};
  for (const [key, { flag }] of Object.entries(strings)) texts[key] = given[optionKey(flag)];
  return { numbers, strings: texts };
}

/** commander's attribute name for a flag: `--window-s` → `windowS`. */
function optionKey(flag: string): string {
  return flag.replace(/^--/, '').replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}
