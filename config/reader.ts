import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error';
import type { ListSetting, ProcessName, SecretSetting, Setting, SettingValue } from './setting';
import { fileVariable } from './setting';

/** A secret's text and where it came from, for problems: the variable, or the file variable and its path. */
export interface SourcedText {
  text: string;
  source: string;
}

/**
 * Reads settings from one environment and collects every problem instead of stopping at the first; `finish`
 * throws one ConfigError listing them all. Problems name the setting and the rule, never the value.
 */
export class SettingsReader {
  readonly problems: string[] = [];

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    /** Which process reads: a setting whose `requiredBy` names it is reported when missing. */
    private readonly process?: ProcessName,
  ) {}

  /** The value, or its default when it is unset (blank counts as unset) or malformed (the problem is recorded). */
  get<S extends Setting>(setting: S): SettingValue<S> {
    return this.parse(setting) as SettingValue<S>;
  }

  /** A secret with where it came from; `undefined` when unset or unreadable. File contents are not trimmed. */
  secretText(setting: SecretSetting): SourcedText | undefined {
    const inline = this.raw(setting.name);
    const fileName = setting.fileVariant ? fileVariable(setting) : undefined;
    const path = fileName === undefined ? undefined : this.raw(fileName);
    if (inline !== undefined && path !== undefined) {
      this.problem(`set ${setting.name} or ${fileName}, not both`);
      return undefined;
    }
    if (inline !== undefined) return { text: inline, source: setting.name };
    if (path === undefined || fileName === undefined) {
      this.reportIfRequired(setting);
      return undefined;
    }
    try {
      return { text: readFileSync(path, 'utf8'), source: `${fileName} (${path})` };
    } catch (err) {
      this.problem(`${fileName}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`);
      return undefined;
    }
  }

  problem(text: string): void {
    this.problems.push(text);
  }

  /** Runs another loader (Box, Temporal, keys…); its ConfigError's problems join this reader's. */
  attempt<T>(load: () => T): T | undefined {
    try {
      return load();
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      this.problems.push(...err.problems);
      return undefined;
    }
  }

  /** Throws one ConfigError with every problem, or builds the result when there is none. */
  finish<T>(subject: string, build: () => T | undefined): T {
    const result = this.problems.length === 0 ? build() : undefined;
    if (result === undefined) throw new ConfigError(subject, this.problems);
    return result;
  }

  /** A trimmed variable; blank counts as unset. */
  raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  private parse(setting: Setting): unknown {
    if (setting.kind === 'secret') {
      const secret = this.secretText(setting);
      const text = secret?.text.trim();
      if (secret !== undefined && text === '') this.problem(`${secret.source} is empty`);
      return text === '' ? undefined : text;
    }
    const raw = this.raw(setting.name);
    if (raw === undefined) {
      this.reportIfRequired(setting);
      return 'default' in setting ? setting.default : undefined;
    }
    const fallback = 'default' in setting ? setting.default : undefined;
    const rule = ruleBroken(setting, raw);
    if (rule !== undefined) {
      this.problem(`${setting.name} ${setting.rule ?? rule}`);
      return fallback;
    }
    return convert(setting, raw);
  }

  private reportIfRequired(setting: Setting): void {
    if (this.process !== undefined && setting.requiredBy?.includes(this.process)) {
      const hint = setting.requiredHint === undefined ? '' : `: ${setting.requiredHint}`;
      this.problem(`${setting.name} is required${hint}`);
    }
  }
}

const ON = ['on', '1', 'true'];
const OFF = ['off', '0', 'false'];

/** The rule a raw value breaks ("must be …"), or undefined when it is acceptable. */
function ruleBroken(setting: Setting, raw: string): string | undefined {
  switch (setting.kind) {
    case 'int': {
      const value = wholeNumber(raw);
      const max = setting.max ?? Number.MAX_SAFE_INTEGER;
      if (value !== undefined && value >= setting.min && value <= max) return undefined;
      return intRule(setting.min, setting.max);
    }
    case 'port': {
      const value = wholeNumber(raw);
      return value !== undefined && value <= 65_535 ? undefined : 'must be a whole number from 0 to 65535';
    }
    case 'bool':
      if (setting.spelling === 'on-off') {
        return ON.includes(raw.toLowerCase()) || OFF.includes(raw.toLowerCase()) ? undefined : 'must be on or off';
      }
      return raw === 'true' || raw === 'false' ? undefined : 'must be true or false';
    case 'enum':
      return setting.values.includes(raw) ? undefined : `must be ${spokenList(setting.values)}`;
    case 'url':
      return urlRuleBroken(raw);
    case 'list': {
      const pattern = setting.entryPattern;
      if (pattern === undefined) return undefined;
      return listEntries(setting, raw).every((entry) => pattern.test(entry)) ? undefined : 'has a malformed entry';
    }
    default:
      return undefined;
  }
}

function convert(setting: Setting, raw: string): unknown {
  switch (setting.kind) {
    case 'int':
    case 'port':
      return Number(raw);
    case 'bool':
      return setting.spelling === 'on-off' ? ON.includes(raw.toLowerCase()) : raw === 'true';
    case 'list':
      return listEntries(setting, raw);
    default:
      return raw;
  }
}

function listEntries(setting: ListSetting, raw: string): string[] {
  return raw
    .split(',')
    .map((entry) => (setting.lowerCase === true ? entry.trim().toLowerCase() : entry.trim()))
    .filter((entry) => entry !== '');
}

function intRule(min: number, max: number | undefined): string {
  if (max !== undefined) return `must be a whole number from ${min} to ${max}`;
  if (min === 0) return 'must be a non-negative whole number';
  return min === 1 ? 'must be a positive whole number' : `must be a whole number of at least ${min}`;
}

function wholeNumber(raw: string): number | undefined {
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  return Number.isSafeInteger(value) ? value : undefined;
}

/** Why a value is not an acceptable http(s) base URL (never echoing it), or undefined when it is. */
export function urlRuleBroken(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must use http or https';
  if (url.username !== '' || url.password !== '') return 'must not contain credentials';
  if (url.search !== '' || url.hash !== '') return 'must not contain a query string or fragment';
  return undefined;
}

/** `a, b, c or d`. */
export function spokenList(values: readonly string[]): string {
  return values.length <= 1 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}
