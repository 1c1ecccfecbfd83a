import {
  TOKEN_RENEWAL_MARGIN_MS,
  createClientCredentialsTokenProvider,
  createDeveloperTokenProvider,
  createTokenProvider,
} from '../../box/auth';
import type { ClientCredentialsOptions } from '../../box/auth';
import { BoxApiError } from '../../box/errors';
import type { RecordedRequest } from './helpers/http-test-server';
import { TestServer, captureLogger, refusedPort, sendJson, waitFor } from './helpers/http-test-server';

const SECRET = 'ccg-client-secret-value';

describe('developer token provider', () => {
  it('returns the static token and ignores invalidate', async () => {
    const provider = createDeveloperTokenProvider('dev-token');
    await expect(provider.getToken()).resolves.toBe('dev-token');
    provider.invalidate('dev-token');
    await expect(provider.getToken()).resolves.toBe('dev-token');
  });

  it('is chosen by createTokenProvider for developer-token config', async () => {
    const provider = createTokenProvider({
      tokenUrl: 'http://127.0.0.1:1/oauth2/token',
      timeoutMs: 1000,
      auth: { kind: 'developer-token', token: 'dev' },
    });
    await expect(provider.getToken()).resolves.toBe('dev');
  });
});

describe('client-credentials token provider', () => {
  let server: TestServer;
  let clock: number;
  let issued: number;
  let expiresIn: number;
  let hold: Promise<void> | undefined;

  beforeEach(async () => {
    server = await TestServer.start();
    clock = 1_700_000_000_000;
    issued = 0;
    expiresIn = 3600;
    hold = undefined;
    server.on('POST', '/oauth2/token', async (_req, res) => {
      if (hold !== undefined) await hold;
      issued += 1;
      sendJson(res, 200, {
        access_token: `token-${issued}`,
        expires_in: expiresIn,
        token_type: 'bearer',
        restricted_to: [],
      });
    });
  });

  afterEach(async () => {
    await server.close();
  });

  function provider(extra: Partial<ClientCredentialsOptions> = {}) {
    return createClientCredentialsTokenProvider({
      tokenUrl: server.tokenUrl,
      clientId: 'client-id',
      clientSecret: SECRET,
      subjectType: 'enterprise',
      subjectId: '42',
      timeoutMs: 2000,
      now: () => clock,
      ...extra,
    });
  }

  function tokenRequests(): RecordedRequest[] {
    return server.requestsTo('POST', '/oauth2/token');
  }

  it('posts the client-credentials grant as a form', async () => {
    await expect(provider().getToken()).resolves.toBe('token-1');
    const [request] = tokenRequests();
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.headers['authorization']).toBeUndefined();
    expect(Object.fromEntries(new URLSearchParams(request?.body))).toEqual({
      grant_type: 'client_credentials',
      client_id: 'client-id',
      client_secret: SECRET,
      box_subject_type: 'enterprise',
      box_subject_id: '42',
    });
  });

  it('caches the token until 3 minutes before expiry, then renews', async () => {
    const tokens = provider();
    await expect(tokens.getToken()).resolves.toBe('token-1');
    clock += 3600_000 - TOKEN_RENEWAL_MARGIN_MS - 1;
    await expect(tokens.getToken()).resolves.toBe('token-1');
    expect(tokenRequests()).toHaveLength(1);
    clock += 1;
    await expect(tokens.getToken()).resolves.toBe('token-2');
    await expect(tokens.getToken()).resolves.toBe('token-2');
    expect(tokenRequests()).toHaveLength(2);
  });

  it('renews at half-life when expires_in is shorter than the margin', async () => {
    expiresIn = 60;
    const tokens = provider();
    await tokens.getToken();
    clock += 29_999;
    await expect(tokens.getToken()).resolves.toBe('token-1');
    clock += 1;
    await expect(tokens.getToken()).resolves.toBe('token-2');
  });

  it('shares one in-flight request between concurrent callers', async () => {
    let release: () => void = () => undefined;
    hold = new Promise((resolve) => (release = resolve));
    const tokens = provider();
    const pending = Promise.all([tokens.getToken(), tokens.getToken(), tokens.getToken()]);
    await waitFor(() => tokenRequests().length === 1);
    // Give the other two callers time to (wrongly) start their own requests before the first one completes.
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await expect(pending).resolves.toEqual(['token-1', 'token-1', 'token-1']);
    expect(tokenRequests()).toHaveLength(1);
  });

  it('invalidate drops only the current token', async () => {
    const tokens = provider();
    await expect(tokens.getToken()).resolves.toBe('token-1');
    tokens.invalidate('some-older-token');
    await expect(tokens.getToken()).resolves.toBe('token-1');
    tokens.invalidate('token-1');
    await expect(tokens.getToken()).resolves.toBe('token-2');
    // A second caller that also saw the 401 on token-1 must not throw token-2 away.
    tokens.invalidate('token-1');
    await expect(tokens.getToken()).resolves.toBe('token-2');
    expect(tokenRequests()).toHaveLength(2);
  });

  it('debug-logs the token call without the token or the secret', async () => {
    const logger = captureLogger();
    await provider({ logger }).getToken();
    expect(logger.entries).toEqual([
      {
        level: 'debug',
        message: 'box token request',
        meta: { method: 'POST', path: '/oauth2/token', status: 200, durationMs: 0 },
      },
    ]);
    const text = JSON.stringify(logger.entries);
    expect(text).not.toContain('token-1');
    expect(text).not.toContain(SECRET);
  });

  it.each([
    [400, 'invalid_grant', 'Grant credentials are invalid', false],
    [401, 'invalid_client', 'The client credentials are invalid', false],
    [429, 'rate_limit_exceeded', 'slow down', true],
    [500, 'server_error', 'oops', true],
    [503, 'temporarily_unavailable', 'later', true],
  ])('maps a %i OAuth2Error to BoxApiError', async (status, error, description, retryable) => {
    server.on('POST', '/oauth2/token', (_req, res) => {
      sendJson(res, status, { error, error_description: description });
    });
    const err = await provider()
      .getToken()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BoxApiError);
    expect(err).toMatchObject({
      status,
      code: error,
      boxMessage: description,
      retryable,
      method: 'POST',
      path: '/oauth2/token',
    });
    const message = (err as BoxApiError).message;
    expect(message).toBe(`Box API POST /oauth2/token failed with ${status} ${error}: ${description}`);
    expect(message).not.toContain(SECRET);
    expect(JSON.stringify(err)).not.toContain(SECRET);
  });

  it('does not cache a failure: the next call asks again', async () => {
    let fail = true;
    server.on('POST', '/oauth2/token', (_req, res) => {
      if (fail) sendJson(res, 500, { error: 'server_error', error_description: 'boom' });
      else sendJson(res, 200, { access_token: 'after-failure', expires_in: 3600, token_type: 'bearer' });
    });
    const tokens = provider();
    await expect(tokens.getToken()).rejects.toMatchObject({ status: 500, retryable: true });
    fail = false;
    await expect(tokens.getToken()).resolves.toBe('after-failure');
  });

  it('rejects a 200 without access_token as a retryable invalid_response', async () => {
    server.on('POST', '/oauth2/token', (_req, res) => sendJson(res, 200, { token_type: 'bearer' }));
    await expect(provider().getToken()).rejects.toMatchObject({ code: 'invalid_response', retryable: true });
  });

  it('maps a refused connection to a retryable network_error', async () => {
    const port = await refusedPort();
    const err = await provider({ tokenUrl: `http://127.0.0.1:${port}/oauth2/token` })
      .getToken()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BoxApiError);
    expect(err).toMatchObject({ code: 'network_error', retryable: true, status: undefined });
    expect((err as BoxApiError).message).not.toContain(SECRET);
  });
});
