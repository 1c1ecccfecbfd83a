/**
 * Typed definitions of the environment settings. Each definition is the one place a setting is described: its
 * kind and rule (checked by the reader, config/reader.ts), default, meaning and the processes that read it
 * (config/settings/, rendered into docs/configuration.md by config/settings-docs.ts).
 */

export const PROCESSES = ['worker', 'api', 'webhook-receiver', 'codec-server', 'cli'] as const;
export type ProcessName = (typeof PROCESSES)[number];

interface Common {
  /** The environment variable. */
  name: string;
  /** What it is for: the "meaning" column of the docs table and the hint of a "required" problem. */
  description: string;
  processes: readonly ProcessName[];
  /** The processes that refuse to start without it; `requiredHint` ends their "X is required: …" problem. */
  requiredBy?: readonly ProcessName[];
  requiredHint?: string;
  /** What the docs show as the default when it is not the literal default (e.g. "derived: …"). */
  docDefault?: string;
  /** Replaces the generated rule text of a malformed value ("must be …") where tests or users rely on it. */
  rule?: string;
}

export interface StringSetting extends Common {
  kind: 'string';
  default?: string;
}
/** A whole number in [min, max]. */
export interface IntSetting extends Common {
  kind: 'int';
  default: number;
  min: number;
  max?: number;
}
/** 0–65535; without a default, unset means "do not listen" (e.g. an optional metrics port). */
export interface PortSetting extends Common {
  kind: 'port';
  default?: number;
}
/** `true`/`false`, or with `spelling: 'on-off'` also on/off/1/0 (the emulator's switches). */
export interface BoolSetting extends Common {
  kind: 'bool';
  default: boolean;
  spelling?: 'true-false' | 'on-off';
}
export interface EnumSetting<V extends string = string> extends Common {
  kind: 'enum';
  values: readonly V[];
  default?: V;
}
/** An absolute http(s) URL without credentials, query or fragment. */
export interface UrlSetting extends Common {
  kind: 'url';
  default?: string;
}
/** Comma-separated, trimmed, empty entries dropped. */
export interface ListSetting extends Common {
  kind: 'list';
  default: readonly string[];
  /** Entries compared case-insensitively (host names) are lower-cased. */
  lowerCase?: boolean;
  /** Every entry must match it (e.g. Box user ids: digits); `rule` then says what an entry must be. */
  entryPattern?: RegExp;
}
/** A path the process reads (the reader only checks it is set; the owner reads and validates the file). */
export interface FileSetting extends Common {
  kind: 'file';
}
/** Never echoed; with `fileVariant`, `<name>_FILE` may name a file holding it instead (one of the two). */
export interface SecretSetting extends Common {
  kind: 'secret';
  fileVariant: boolean;
}
/** Read by a library with its own rules (Temporal's envconfig, the OpenTelemetry SDK): documented, not parsed here. */
export interface ExternalSetting extends Common {
  kind: 'external';
  readBy: string;
  secret?: boolean;
  default?: string;
}

export type Setting =
  | StringSetting
  | IntSetting
  | PortSetting
  | BoolSetting
  | EnumSetting
  | UrlSetting
  | ListSetting
  | FileSetting
  | SecretSetting
  | ExternalSetting;

/** What the reader returns for a setting: its type, `undefined` when it is unset and has no default. */
export type SettingValue<S extends Setting> = S extends IntSetting
  ? number
  : S extends PortSetting
    ? S extends { default: number }
      ? number
      : number | undefined
    : S extends BoolSetting
      ? boolean
      : S extends ListSetting
        ? string[]
        : S extends EnumSetting<infer V>
          ? S extends { default: V }
            ? V
            : V | undefined
          : S extends { default: string }
            ? string
            : string | undefined;

/** The names a setting may be given under: itself, and `<name>_FILE` for a secret with a file variant. */
export function variableNames(setting: Setting): string[] {
  return setting.kind === 'secret' && setting.fileVariant ? [setting.name, fileVariable(setting)] : [setting.name];
}

export function fileVariable(setting: SecretSetting): string {
  return `${setting.name}_FILE`;
}

export function isSecret(setting: Setting): boolean {
  return setting.kind === 'secret' || (setting.kind === 'external' && setting.secret === true);
}

type WithoutName<S> = S extends Setting ? Omit<S, 'name'> : never;

/** `{ NAME: { kind, … } }` → the same definitions, each with its `name`: the key is the variable. */
export function defineSettings<const T extends Record<string, WithoutName<Setting>>>(
  definitions: T,
): { [K in keyof T & string]: T[K] & { name: K } } {
  return Object.fromEntries(
    Object.entries(definitions).map(([name, definition]) => [name, { ...definition, name }]),
  ) as unknown as { [K in keyof T & string]: T[K] & { name: K } };
}
