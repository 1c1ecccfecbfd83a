import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../config/config-error';
import { SettingsReader } from '../../config/reader';
import { defineSettings } from '../../config/setting';

const S = defineSettings({
  T_COUNT: { kind: 'int', default: 5, min: 1, description: 'a count', processes: ['worker'] },
  T_WAIT_MS: { kind: 'int', default: 10, min: 0, max: 100, description: 'a wait', processes: ['worker'] },
  T_PORT: { kind: 'port', default: 8080, description: 'a port', processes: ['worker'] },
  T_OPTIONAL_PORT: { kind: 'port', description: 'off unless set', processes: ['worker'] },
  T_ON: { kind: 'bool', default: false, description: 'a switch', processes: ['worker'] },
  T_SWITCH: { kind: 'bool', spelling: 'on-off', default: false, description: 'on/off', processes: ['worker'] },
  T_LEVEL: { kind: 'enum', values: ['low', 'high'], default: 'low', description: 'a level', processes: ['worker'] },
  T_URL: { kind: 'url', description: 'a URL', processes: ['worker'] },
  T_HOSTS: { kind: 'list', default: [], lowerCase: true, description: 'hosts', processes: ['worker'] },
  T_KEY: { kind: 'secret', fileVariant: true, description: 'a key', processes: ['worker'] },
  T_FILE: { kind: 'file', description: 'a file', processes: ['api'], requiredBy: ['api'], requiredHint: 'the file' },
});

function problemsOf(env: NodeJS.ProcessEnv, read: (reader: SettingsReader) => unknown): string[] {
  const reader = new SettingsReader(env, 'api');
  read(reader);
  return reader.problems;
}

describe('the settings reader', () => {
  it('gives typed values, and defaults for unset or blank variables', () => {
    const reader = new SettingsReader({
      T_COUNT: ' 7 ',
      T_PORT: '',
      T_ON: 'true',
      T_SWITCH: 'ON',
      T_LEVEL: 'high',
      T_URL: 'https://example.com/x',
      T_HOSTS: ' LocalHost, ,127.0.0.1 ',
    });
    expect([
      reader.get(S.T_COUNT),
      reader.get(S.T_WAIT_MS),
      reader.get(S.T_PORT),
      reader.get(S.T_ON),
      reader.get(S.T_SWITCH),
      reader.get(S.T_LEVEL),
      reader.get(S.T_URL),
      reader.get(S.T_HOSTS),
      reader.get(S.T_KEY),
      reader.get(S.T_OPTIONAL_PORT),
    ]).toEqual([
      7,
      10,
      8080,
      true,
      true,
      'high',
      'https://example.com/x',
      ['localhost', '127.0.0.1'],
      undefined,
      undefined,
    ]);
    expect(reader.problems).toEqual([]);
  });

  it('collects every problem, naming the setting and the rule, never the value', () => {
    const env = {
      T_COUNT: '0',
      T_WAIT_MS: '1e2',
      T_PORT: '70000',
      T_ON: 'yes-secret-ish',
      T_SWITCH: 'maybe',
      T_LEVEL: 'mid',
      T_URL: 'https://user:hunter2@example.com',
    };
    const reader = new SettingsReader(env, 'api');
    for (const setting of [S.T_COUNT, S.T_WAIT_MS, S.T_PORT, S.T_ON, S.T_SWITCH, S.T_LEVEL, S.T_URL, S.T_FILE]) {
      reader.get(setting);
    }
    expect(reader.problems).toEqual([
      'T_COUNT must be a positive whole number',
      'T_WAIT_MS must be a whole number from 0 to 100',
      'T_PORT must be a whole number from 0 to 65535',
      'T_ON must be true or false',
      'T_SWITCH must be on or off',
      'T_LEVEL must be low or high',
      'T_URL must not contain credentials',
      'T_FILE is required: the file',
    ]);
    let error: unknown;
    try {
      reader.finish('test configuration', () => 'never');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message.split('\n')[0]).toBe('Invalid test configuration:');
    expect(message).toContain('- T_COUNT must be a positive whole number');
    for (const value of Object.values(env)) if (value.length > 2) expect(message).not.toContain(value);
  });

  it('reads a secret inline or from its _FILE, one of the two, never echoing it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-reader-'));
    const file = join(dir, 'key');
    writeFileSync(file, 'from-the-file\n');
    const empty = join(dir, 'empty');
    writeFileSync(empty, '\n');
    expect(new SettingsReader({ T_KEY: 'inline-value' }).get(S.T_KEY)).toBe('inline-value');
    expect(new SettingsReader({ T_KEY_FILE: file }).get(S.T_KEY)).toBe('from-the-file');
    expect(problemsOf({ T_KEY: 'inline-value', T_KEY_FILE: file }, (r) => r.get(S.T_KEY))).toEqual([
      'set T_KEY or T_KEY_FILE, not both',
    ]);
    expect(problemsOf({ T_KEY_FILE: join(dir, 'missing') }, (r) => r.get(S.T_KEY))).toEqual([
      `T_KEY_FILE: cannot read ${join(dir, 'missing')} (ENOENT)`,
    ]);
    expect(problemsOf({ T_KEY_FILE: empty }, (r) => r.get(S.T_KEY))).toEqual([`T_KEY_FILE (${empty}) is empty`]);
  });

  it("joins another loader's ConfigError problems and lets other errors through", () => {
    const reader = new SettingsReader({});
    expect(
      reader.attempt(() => {
        throw new ConfigError('Box configuration', ['one', 'two']);
      }),
    ).toBeUndefined();
    expect(reader.problems).toEqual(['one', 'two']);
    expect(() =>
      reader.attempt(() => {
        throw new TypeError('a bug');
      }),
    ).toThrow(TypeError);
  });
});
