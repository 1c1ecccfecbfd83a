import { BoxApiError, isRetryableStatus, parseRetryAfter, toBoxApiError } from '../../box/errors';
import type { BoxClientConfig } from '../../box/config';
import type { BoxSignRequestCreateBody } from '../../box/models';
import { createBoxSignClient } from '../../box/sign-client';
import { TestServer, boxError, refusedPort, sendJson } from './helpers/http-test-server';

const TOKEN = 'dev-token-never-in-errors';
const AS_USER = 'as-user-31337';
const PASSWORD = 'p4ssw0rd-in-body';
const PHONE = '+15551232190';
/** A whole second, so an HTTP date (second resolution) round-trips exactly. */
const FIXED_NOW = Date.UTC(2030, 0, 1, 12, 0, 0);

const BODY: BoxSignRequestCreateBody = {
  signers: [{ email: 'signer@example.com', password: PASSWORD, verification_phone_number: PHONE }],
  source_files: [{ type: 'file', id: '1' }],
  parent_folder: { type: 'folder', id: '2' },
};

async function caught(promise: Promise<unknown>): Promise<BoxApiError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof BoxApiError) return err;
    throw err;
  }
  throw new Error('expected a BoxApiError');
}

function expectNoSecrets(err: BoxApiError): void {
  const everything = [err.message, err.stack ?? '', JSON.stringify(err), JSON.stringify(Object.keys(err))].join('\n');
  for (const secret of [TOKEN, 'Bearer', AS_USER, PASSWORD, PHONE, 'signer@example.com']) {
    expect(everything).not.toContain(secret);
  }
  for (const key of ['config', 'request', 'response', 'cause', 'headers', 'data', 'body']) {
    expect(err).not.toHaveProperty(key);
  }
}

describe('BoxApiError mapping over HTTP', () => {
  let server: TestServer;

  beforeEach(async () => {
    server = await TestServer.start();
  });

  afterEach(async () => {
    await server.close();
  });

  function client(extra: Partial<BoxClientConfig> = {}) {
    return createBoxSignClient(
      {
        apiBaseUrl: server.apiBaseUrl,
        uploadBaseUrl: server.uploadBaseUrl,
        tokenUrl: server.tokenUrl,
        auth: { kind: 'developer-token', token: TOKEN },
        asUserId: AS_USER,
        timeoutMs: 2000,
        ...extra,
      },
      { now: () => FIXED_NOW },
    );
  }

  it.each([
    [400, 'bad_request', false],
    [400, 'invalid_request_parameters', false],
    [403, 'access_denied_insufficient_permissions', false],
    [404, 'not_found', false],
    [408, 'request_timeout', true],
    [409, 'conflict', false],
    [429, 'rate_limit_exceeded', true],
    [500, 'internal_server_error', true],
    [502, 'bad_gateway', true],
    [503, 'unavailable', true],
    [507, 'insufficient_storage', false],
  ])('%i %s → retryable %s', async (status, code, retryable) => {
    const contextInfo = { errors: [{ name: 'signers', message: 'bad', reason: 'invalid_parameter' }] };
    server.on('POST', '/2.0/sign_requests', (_req, res) =>
      sendJson(res, status, boxError(status, code, `Box says ${code}`, `rq-${status}`, contextInfo)),
    );
    const err = await caught(client().createSignRequest(BODY));
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('BoxApiError');
    expect(err).toMatchObject({
      status,
      code,
      boxMessage: `Box says ${code}`,
      requestId: `rq-${status}`,
      contextInfo,
      retryable,
      method: 'POST',
      path: '/sign_requests',
    });
    expect(err.retryAfterMs).toBeUndefined();
    expect(err.message).toBe(
      `Box API POST /sign_requests failed with ${status} ${code}: Box says ${code} (request_id rq-${status})`,
    );
    expectNoSecrets(err);
  });

  it.each([
    ['100', 100_000],
    ['1.5', 1_500],
    ['0', 0],
    [new Date(FIXED_NOW + 120_000).toUTCString(), 120_000],
    [new Date(FIXED_NOW - 60_000).toUTCString(), 0],
  ])('429 with retry-after %s → retryAfterMs %i', async (header, ms) => {
    server.on('GET', '/2.0/sign_requests/sr', (_req, res) =>
      sendJson(
        res,
        429,
        boxError(429, 'rate_limit_exceeded', 'Request rate limit exceeded, please try again later', 'rq-429'),
        { 'retry-after': header },
      ),
    );
    const err = await caught(client().getSignRequest('sr'));
    expect(err).toMatchObject({ status: 429, code: 'rate_limit_exceeded', retryable: true, retryAfterMs: ms });
  });

  it('503 carries retry-after too', async () => {
    server.on('GET', '/2.0/sign_requests/sr', (_req, res) =>
      sendJson(res, 503, boxError(503, 'unavailable', 'Unavailable', 'rq'), { 'retry-after': '30' }),
    );
    await expect(client().getSignRequest('sr')).rejects.toMatchObject({ retryable: true, retryAfterMs: 30_000 });
  });

  it('maps a non-JSON gateway error with the status text and box-request-id header', async () => {
    server.on('GET', '/2.0/sign_requests/sr', (_req, res) => {
      res.writeHead(502, 'Bad Gateway', { 'content-type': 'text/html', 'box-request-id': 'hdr-rq' });
      res.end('<html><body>upstream error</body></html>');
    });
    const err = await caught(client().getSignRequest('sr'));
    expect(err).toMatchObject({
      status: 502,
      code: 'http_502',
      boxMessage: 'Bad Gateway',
      retryable: true,
      requestId: 'hdr-rq',
    });
    expect(err.message).toBe('Box API GET /sign_requests/sr failed with 502 http_502: Bad Gateway (request_id hdr-rq)');
  });

  it('never puts the request body, password, phone, as-user or token in the error', async () => {
    // Even when the server echoes the request in an unexpected field.
    server.on('POST', '/2.0/sign_requests', (req, res) =>
      sendJson(res, 400, { ...boxError(400, 'bad_request', 'Bad request', '1a2b3c'), echoed: req.body }),
    );
    const err = await caught(client().createSignRequest(BODY));
    expect(err.message).toBe(
      'Box API POST /sign_requests failed with 400 bad_request: Bad request (request_id 1a2b3c)',
    );
    expectNoSecrets(err);
  });

  it('maps a refused connection to a retryable network_error without a status', async () => {
    const port = await refusedPort();
    const err = await caught(client({ apiBaseUrl: `http://127.0.0.1:${port}/2.0` }).getSignRequest('sr'));
    expect(err).toMatchObject({ code: 'network_error', retryable: true, method: 'GET', path: '/sign_requests/sr' });
    expect(err.status).toBeUndefined();
    expect(err.message).toMatch(/^Box API GET \/sign_requests\/sr failed with network_error: .*ECONNREFUSED/);
    expectNoSecrets(err);
  });

  it('maps a timeout to a retryable timeout error', async () => {
    server.on('POST', '/2.0/sign_requests', () => undefined); // never answers
    const err = await caught(client({ timeoutMs: 150 }).createSignRequest(BODY));
    expect(err).toMatchObject({ code: 'timeout', retryable: true, method: 'POST', path: '/sign_requests' });
    expect(err.status).toBeUndefined();
    expect(err.message).toBe('Box API POST /sign_requests failed with timeout: timeout of 150ms exceeded');
    expectNoSecrets(err);
  });
});

describe('parseRetryAfter', () => {
  const now = FIXED_NOW;
  it.each([
    ['120', 120_000],
    [' 2 ', 2_000],
    ['0.25', 250],
    [100, 100_000],
    [new Date(now + 5_000).toUTCString(), 5_000],
    [new Date(now - 5_000).toUTCString(), 0],
  ])('%s → %i ms', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });

  it.each([undefined, '', 'soon', '-1', ['1']])('%p → undefined', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe('isRetryableStatus', () => {
  it.each([
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [408, true],
    [409, false],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
    [507, false],
  ])('%i → %s', (status, retryable) => {
    expect(isRetryableStatus(status)).toBe(retryable);
  });
});

describe('toBoxApiError', () => {
  it('returns a BoxApiError unchanged', () => {
    const original = new BoxApiError({ code: 'x', boxMessage: 'y', retryable: true, method: 'GET', path: '/p' });
    expect(toBoxApiError(original, 'POST', '/other')).toBe(original);
  });

  it('wraps a non-HTTP error as non-retryable unexpected_error', () => {
    const err = toBoxApiError(new TypeError('boom'), 'get', '/sign_requests/1');
    expect(err).toMatchObject({
      code: 'unexpected_error',
      retryable: false,
      method: 'GET',
      boxMessage: 'TypeError: boom',
    });
    expect(err.status).toBeUndefined();
    expect(err.message).toBe('Box API GET /sign_requests/1 failed with unexpected_error: TypeError: boom');
  });
});
