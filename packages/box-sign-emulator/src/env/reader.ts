import { readFileSync } from 'node:fs';

/** Every problem of the emulator's environment at once; each names the variable and the rule, never the value. */
export class EmulatorConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid emulator configuration:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.name = 'EmulatorConfigError';
  }
}

/** Reads EMULATOR_* variables, collecting problems instead of stopping at the first; blank counts as unset. */
export class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  problem(text: string): void {
    this.problems.push(text);
  }

  string(name: string): string | undefined {
    return this.raw(name);
  }

  /** A whole number in [min, max]; undefined when unset or malformed (the problem is recorded). */
  int(name: string, min: number, max?: number): number | undefined {
    const raw = this.raw(name);
    if (raw === undefined) return undefined;
    const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (Number.isSafeInteger(value) && value >= min && value <= (max ?? Number.MAX_SAFE_INTEGER)) return value;
    this.problem(`${name} ${intRule(min, max)}`);
    return undefined;
  }

  port(name: string): number | undefined {
    const raw = this.raw(name);
    if (raw === undefined) return undefined;
    if (/^\d+$/.test(raw) && Number(raw) <= 65_535) return Number(raw);
    this.problem(`${name} must be a whole number from 0 to 65535`);
    return undefined;
  }

  onOff(name: string): boolean | undefined {
    const raw = this.raw(name)?.toLowerCase();
    if (raw === undefined) return undefined;
    if (['on', '1', 'true'].includes(raw)) return true;
    if (['off', '0', 'false'].includes(raw)) return false;
    this.problem(`${name} must be on or off`);
    return undefined;
  }

  oneOf<T extends string>(name: string, values: readonly T[]): T | undefined {
    const raw = this.raw(name);
    if (raw === undefined) return undefined;
    if ((values as readonly string[]).includes(raw)) return raw as T;
    this.problem(`${name} must be ${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`);
    return undefined;
  }

  httpUrl(name: string): string | undefined {
    const raw = this.raw(name);
    if (raw === undefined) return undefined;
    let url: URL | undefined;
    try {
      url = new URL(raw);
    } catch {
      this.problem(`${name} must be an absolute http(s) URL`);
      return undefined;
    }
    if (url.protocol === 'http:' || url.protocol === 'https:') return raw;
    this.problem(`${name} must use http or https`);
    return undefined;
  }

  list(name: string): string[] {
    return (this.raw(name) ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
  }

  /** A secret given inline or as a file path in `<name>_FILE` (not both). */
  secret(name: string): string | undefined {
    const inline = this.raw(name);
    const path = this.raw(`${name}_FILE`);
    if (inline !== undefined && path !== undefined) {
      this.problem(`set ${name} or ${name}_FILE, not both`);
      return undefined;
    }
    if (path === undefined) return inline;
    try {
      return readFileSync(path, 'utf8').trim();
    } catch (err) {
      this.problem(`${name}_FILE: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`);
      return undefined;
    }
  }

  /** Throws one EmulatorConfigError with every problem, or returns the result when there is none. */
  finish<T>(result: T): T {
    if (this.problems.length > 0) throw new EmulatorConfigError(this.problems);
    return result;
  }
}

function intRule(min: number, max: number | undefined): string {
  if (max !== undefined) return `must be a whole number from ${min} to ${max}`;
  if (min === 0) return 'must be a non-negative whole number';
  return min === 1 ? 'must be a positive whole number' : `must be a whole number of at least ${min}`;
}
