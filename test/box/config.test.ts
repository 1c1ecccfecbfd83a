import { ConfigError, deriveTokenUrl, loadBoxConfig } from '../../box/config';

function loadError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadBoxConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

const CCG = {
  BOX_CLIENT_ID: 'client-id-value',
  BOX_CLIENT_SECRET: 'super-secret-value',
  BOX_SUBJECT_TYPE: 'enterprise',
  BOX_SUBJECT_ID: '1234567',
};

describe('loadBoxConfig', () => {
  it('applies defaults with a developer token', () => {
    expect(loadBoxConfig({ BOX_DEVELOPER_TOKEN: 'dev-token' })).toEqual({
      apiBaseUrl: 'https://api.box.com/2.0',
      uploadBaseUrl: 'https://upload.box.com/api/2.0',
      tokenUrl: 'https://api.box.com/oauth2/token',
      auth: { kind: 'developer-token', token: 'dev-token' },
      timeoutMs: 20000,
    });
  });

  it('reads client-credentials, as-user and timeout', () => {
    expect(
      loadBoxConfig({ ...CCG, BOX_SUBJECT_TYPE: 'user', BOX_AS_USER_ID: '999', BOX_HTTP_TIMEOUT_MS: '5000' }),
    ).toEqual({
      apiBaseUrl: 'https://api.box.com/2.0',
      uploadBaseUrl: 'https://upload.box.com/api/2.0',
      tokenUrl: 'https://api.box.com/oauth2/token',
      auth: {
        kind: 'client-credentials',
        clientId: 'client-id-value',
        clientSecret: 'super-secret-value',
        subjectType: 'user',
        subjectId: '1234567',
      },
      asUserId: '999',
      timeoutMs: 5000,
    });
  });

  it('derives the token URL from a custom base URL', () => {
    const config = loadBoxConfig({ BOX_DEVELOPER_TOKEN: 't', BOX_API_BASE_URL: 'http://127.0.0.1:8788/2.0' });
    expect(config.apiBaseUrl).toBe('http://127.0.0.1:8788/2.0');
    expect(config.tokenUrl).toBe('http://127.0.0.1:8788/oauth2/token');
  });

  it.each([
    ['http://127.0.0.1:8788/2.0', 'http://127.0.0.1:8788/oauth2/token'],
    ['http://127.0.0.1:8788/2.0/', 'http://127.0.0.1:8788/oauth2/token'],
    ['https://api.box.com/2.0', 'https://api.box.com/oauth2/token'],
    ['https://proxy.example.com/box/2.0', 'https://proxy.example.com/box/oauth2/token'],
    ['http://localhost:9000', 'http://localhost:9000/oauth2/token'],
  ])('deriveTokenUrl(%s) = %s', (base, token) => {
    expect(deriveTokenUrl(base)).toBe(token);
  });

  it('strips a trailing slash from the base URL', () => {
    expect(loadBoxConfig({ BOX_DEVELOPER_TOKEN: 't', BOX_API_BASE_URL: 'http://h:1/2.0/' }).apiBaseUrl).toBe(
      'http://h:1/2.0',
    );
  });

  it('uses an explicit token URL', () => {
    const config = loadBoxConfig({ ...CCG, BOX_OAUTH_TOKEN_URL: 'http://auth.local/oauth2/token' });
    expect(config.tokenUrl).toBe('http://auth.local/oauth2/token');
  });

  it('explains both options when no auth is configured', () => {
    const error = loadError({});
    expect(error.problems).toHaveLength(1);
    expect(error.message).toContain('BOX_DEVELOPER_TOKEN');
    expect(error.message).toContain('BOX_CLIENT_ID');
    expect(error.message).toContain('BOX_SUBJECT_ID');
  });

  it('treats empty values as unset', () => {
    const error = loadError({ BOX_DEVELOPER_TOKEN: '  ', BOX_CLIENT_ID: '' });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/No Box authentication/);
  });

  it('reports every problem at once, one per line, without secret values', () => {
    const env = {
      BOX_API_BASE_URL: 'ftp://files.example.com/2.0',
      BOX_OAUTH_TOKEN_URL: 'not a url',
      BOX_CLIENT_SECRET: 'super-secret-value',
      BOX_SUBJECT_TYPE: 'admin',
      BOX_HTTP_TIMEOUT_MS: '-5',
    };
    const error = loadError(env);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ConfigError');
    expect(error.problems).toEqual([
      'BOX_API_BASE_URL must use http or https',
      'BOX_OAUTH_TOKEN_URL must be an absolute http(s) URL',
      'BOX_CLIENT_ID is required for client-credentials authentication',
      'BOX_SUBJECT_ID is required for client-credentials authentication',
      'BOX_SUBJECT_TYPE must be "enterprise" or "user"',
      'BOX_HTTP_TIMEOUT_MS must be a positive integer number of milliseconds',
    ]);
    expect(error.message.split('\n')).toEqual(['Invalid Box configuration:', ...error.problems.map((p) => `- ${p}`)]);
    for (const value of Object.values(env)) expect(error.message).not.toContain(value);
  });

  it('names each missing CCG key when CCG is partially set', () => {
    const error = loadError({ BOX_CLIENT_ID: 'client-id-value' });
    expect(error.problems).toEqual([
      'BOX_CLIENT_SECRET is required for client-credentials authentication',
      'BOX_SUBJECT_TYPE is required for client-credentials authentication',
      'BOX_SUBJECT_ID is required for client-credentials authentication',
    ]);
    expect(error.message).not.toContain('client-id-value');
  });

  it('rejects a developer token combined with CCG variables without echoing either', () => {
    const error = loadError({ ...CCG, BOX_DEVELOPER_TOKEN: 'dev-token-value' });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/set only one authentication method/);
    for (const value of [...Object.values(CCG), 'dev-token-value']) {
      if (value !== 'enterprise') expect(error.message).not.toContain(value);
    }
  });

  it('rejects base URLs with credentials, queries or fragments without echoing them', () => {
    const error = loadError({ BOX_DEVELOPER_TOKEN: 't', BOX_API_BASE_URL: 'https://user:hunter2@api.box.com/2.0' });
    expect(error.problems).toEqual(['BOX_API_BASE_URL must not contain credentials']);
    expect(error.message).not.toContain('hunter2');
    expect(loadError({ BOX_DEVELOPER_TOKEN: 't', BOX_API_BASE_URL: 'https://api.box.com/2.0?x=1' }).problems).toEqual([
      'BOX_API_BASE_URL must not contain a query string or fragment',
    ]);
  });

  it.each(['0', '1.5', 'abc', '20s'])('rejects BOX_HTTP_TIMEOUT_MS=%s', (value) => {
    expect(loadError({ BOX_DEVELOPER_TOKEN: 't', BOX_HTTP_TIMEOUT_MS: value }).problems).toEqual([
      'BOX_HTTP_TIMEOUT_MS must be a positive integer number of milliseconds',
    ]);
  });

  it('defaults to process.env', () => {
    const saved = Object.entries(process.env).filter(([key]) => key.startsWith('BOX_'));
    for (const [key] of saved) delete process.env[key];
    process.env['BOX_DEVELOPER_TOKEN'] = 'from-process-env';
    try {
      expect(loadBoxConfig().auth).toEqual({ kind: 'developer-token', token: 'from-process-env' });
    } finally {
      delete process.env['BOX_DEVELOPER_TOKEN'];
      for (const [key, value] of saved) process.env[key] = value;
    }
  });
});
