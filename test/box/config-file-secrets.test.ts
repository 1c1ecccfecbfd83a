import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, boxCredentialsSet, loadBoxConfig } from '../../box/config';

/**
 * The Box client secret and the developer token may come from files (`<name>_FILE`), as mounted Secrets give them
 * (deploy/kubernetes: 0400 files, never in the environment), read by the one config module like every other secret.
 */

const dir = mkdtempSync(join(tmpdir(), 'box-sign-box-secrets-'));
function secretFile(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content, { mode: 0o400 });
  return path;
}

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadBoxConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

const CCG_WITHOUT_SECRET = { BOX_CLIENT_ID: 'client-id', BOX_SUBJECT_TYPE: 'enterprise', BOX_SUBJECT_ID: '1234567' };

describe('Box secrets from files (BOX_CLIENT_SECRET_FILE, BOX_DEVELOPER_TOKEN_FILE)', () => {
  it('reads the client secret from BOX_CLIENT_SECRET_FILE (a mounted Secret ends with a newline)', () => {
    const config = loadBoxConfig({
      ...CCG_WITHOUT_SECRET,
      BOX_CLIENT_SECRET_FILE: secretFile('client-secret', 'secret-from-a-file\n'),
    });
    expect(config.auth).toEqual({
      kind: 'client-credentials',
      clientId: 'client-id',
      clientSecret: 'secret-from-a-file',
      subjectType: 'enterprise',
      subjectId: '1234567',
    });
  });

  it('reads the developer token from BOX_DEVELOPER_TOKEN_FILE', () => {
    const config = loadBoxConfig({ BOX_DEVELOPER_TOKEN_FILE: secretFile('developer-token', 'token-from-a-file') });
    expect(config.auth).toEqual({ kind: 'developer-token', token: 'token-from-a-file' });
  });

  it('refuses both forms of one secret, naming the two variables and neither value', () => {
    const env = {
      ...CCG_WITHOUT_SECRET,
      BOX_CLIENT_SECRET: 'inline-secret-value',
      BOX_CLIENT_SECRET_FILE: secretFile('both', 'file-secret-value'),
    };
    const found = problems(env);
    expect(found).toEqual(['set BOX_CLIENT_SECRET or BOX_CLIENT_SECRET_FILE, not both']);
    expect(found.join()).not.toMatch(/inline-secret-value|file-secret-value/);
    expect(problems({ BOX_DEVELOPER_TOKEN: 'a', BOX_DEVELOPER_TOKEN_FILE: secretFile('token-both', 'b') })).toEqual([
      'set BOX_DEVELOPER_TOKEN or BOX_DEVELOPER_TOKEN_FILE, not both',
    ]);
  });

  it('counts a file-form secret as set: a token file with client credentials is two methods, a missing file a problem', () => {
    expect(
      problems({ ...CCG_WITHOUT_SECRET, BOX_DEVELOPER_TOKEN_FILE: secretFile('token-and-ccg', 'token') }).join(),
    ).toContain('set only one authentication method');
    expect(problems({ ...CCG_WITHOUT_SECRET, BOX_CLIENT_SECRET_FILE: join(dir, 'absent') })).toEqual([
      `BOX_CLIENT_SECRET_FILE: cannot read ${join(dir, 'absent')} (ENOENT)`,
    ]);
    expect(boxCredentialsSet({ BOX_CLIENT_SECRET_FILE: '/etc/box-sign/box-credentials/client-secret' })).toBe(true);
  });
});
