import type { BoxClientConfig } from '../../box/config';
import { BoxApiError } from '../../box/errors';
import type { BoxSignRequestCreateBody } from '../../box/models';
import { createBoxSignClient } from '../../box/sign-client';
import type { RecordedRequest } from './helpers/http-test-server';
import { TestServer, boxError, captureLogger, sendEmpty, sendJson, signRequestJson } from './helpers/http-test-server';

const SECRET = 'ccg-secret-do-not-leak';
const AS_USER = 'as-user-90210';
const PASSWORD = 'signer-password-1234';
const PHONE = '+15551232190';

const CREATE_BODY: BoxSignRequestCreateBody = {
  source_files: [{ type: 'file', id: '123456789' }],
  parent_folder: { type: 'folder', id: '0987654321' },
  signers: [
    { email: 'signer@example.com', role: 'signer', order: 1, verification_phone_number: PHONE, password: PASSWORD },
  ],
  external_id: 'wf-123',
  days_valid: 30,
};

describe('createBoxSignClient', () => {
  let server: TestServer;
  let tokensIssued: number;

  beforeEach(async () => {
    server = await TestServer.start();
    tokensIssued = 0;
    server.on('POST', '/oauth2/token', (_req, res) => {
      tokensIssued += 1;
      sendJson(res, 200, { access_token: `token-${tokensIssued}`, expires_in: 3600, token_type: 'bearer' });
    });
  });

  afterEach(async () => {
    await server.close();
  });

  function config(extra: Partial<BoxClientConfig> = {}): BoxClientConfig {
    return {
      apiBaseUrl: server.apiBaseUrl,
      uploadBaseUrl: server.uploadBaseUrl,
      tokenUrl: server.tokenUrl,
      auth: {
        kind: 'client-credentials',
        clientId: 'client-id',
        clientSecret: SECRET,
        subjectType: 'enterprise',
        subjectId: '42',
      },
      asUserId: AS_USER,
      timeoutMs: 2000,
      ...extra,
    };
  }

  function apiRequests(): RecordedRequest[] {
    return server.requests.filter((r) => r.path.startsWith('/2.0/'));
  }

  describe('createSignRequest', () => {
    it('POSTs the JSON body with bearer token, as-user and JSON content type; returns the 201 body', async () => {
      const created = signRequestJson('b1685f64-b285-4786-abc0-174931e7be0e', { external_id: 'wf-123' });
      server.on('POST', '/2.0/sign_requests', (_req, res) =>
        sendJson(res, 201, created, { 'box-request-id': 'req-1' }),
      );
      const logger = captureLogger();
      const client = createBoxSignClient(config(), { logger });

      await expect(client.createSignRequest(CREATE_BODY)).resolves.toEqual(created);

      const [request] = server.requestsTo('POST', '/2.0/sign_requests');
      expect(request?.headers['authorization']).toBe('Bearer token-1');
      expect(request?.headers['as-user']).toBe(AS_USER);
      expect(request?.headers['content-type']).toBe('application/json');
      expect(JSON.parse(request?.body ?? '')).toEqual(CREATE_BODY);
      // as-user goes to the API only, never to the token endpoint.
      expect(server.requestsTo('POST', '/oauth2/token')[0]?.headers['as-user']).toBeUndefined();

      const apiLogs = logger.entries.filter((e) => e.message === 'box api call');
      expect(apiLogs).toHaveLength(1);
      expect(apiLogs[0]?.level).toBe('debug');
      expect(apiLogs[0]?.meta).toEqual({
        method: 'POST',
        path: '/sign_requests',
        status: 201,
        durationMs: expect.any(Number),
        requestId: 'req-1',
      });
      const logText = JSON.stringify(logger.entries);
      for (const secret of ['token-1', SECRET, AS_USER, PASSWORD, PHONE, 'Bearer', 'signer@example.com']) {
        expect(logText).not.toContain(secret);
      }
    });

    it('omits as-user when not configured', async () => {
      server.on('POST', '/2.0/sign_requests', (_req, res) => sendJson(res, 201, signRequestJson('x')));
      const cfg = config();
      delete cfg.asUserId;
      await createBoxSignClient(cfg).createSignRequest(CREATE_BODY);
      expect(server.requestsTo('POST', '/2.0/sign_requests')[0]?.headers['as-user']).toBeUndefined();
    });

    it('uses a developer token as is', async () => {
      server.on('POST', '/2.0/sign_requests', (_req, res) => sendJson(res, 201, signRequestJson('x')));
      const client = createBoxSignClient(config({ auth: { kind: 'developer-token', token: 'dev-token' } }));
      await client.createSignRequest(CREATE_BODY);
      expect(server.requestsTo('POST', '/2.0/sign_requests')[0]?.headers['authorization']).toBe('Bearer dev-token');
      expect(server.requestsTo('POST', '/oauth2/token')).toHaveLength(0);
    });

    it('uses an injected token provider', async () => {
      server.on('POST', '/2.0/sign_requests', (_req, res) => sendJson(res, 201, signRequestJson('x')));
      const client = createBoxSignClient(config(), {
        tokenProvider: { getToken: () => Promise.resolve('injected'), invalidate: () => undefined },
      });
      await client.createSignRequest(CREATE_BODY);
      expect(server.requestsTo('POST', '/2.0/sign_requests')[0]?.headers['authorization']).toBe('Bearer injected');
    });
  });

  describe('getSignRequest', () => {
    it('passes unknown statuses and unknown fields through untouched', async () => {
      const body = signRequestJson('sr-1', {
        status: 'signed and downloaded',
        brand_new_field: { nested: [1, 2, 3] },
        signers: [
          {
            email: 'a@example.com',
            role: 'mystery_role',
            signer_decision: { type: 'abstained', finalized_at: '2026-01-01T00:00:00Z' },
            inputs: [{ type: 'hologram', content_type: 'attachment', page_index: 0 }],
            new_signer_field: true,
          },
        ],
      });
      server.on('GET', '/2.0/sign_requests/sr-1', (_req, res) => sendJson(res, 200, body));
      const result = await createBoxSignClient(config()).getSignRequest('sr-1');
      expect(result).toEqual(body);
      expect(result.status).toBe('signed and downloaded');
      expect(result['brand_new_field']).toEqual({ nested: [1, 2, 3] });
      expect(server.requestsTo('GET', '/2.0/sign_requests/sr-1')[0]?.headers['content-type']).toBeUndefined();
    });

    it('URL-encodes the id', async () => {
      server.on('GET', /^\/2\.0\/sign_requests\//, (_req, res) => sendJson(res, 200, signRequestJson('a/b c?d')));
      await createBoxSignClient(config()).getSignRequest('a/b c?d');
      expect(apiRequests().map((r) => r.path)).toEqual(['/2.0/sign_requests/a%2Fb%20c%3Fd']);
    });

    it('rejects an empty id without calling Box', async () => {
      await expect(createBoxSignClient(config()).getSignRequest(' ')).rejects.toMatchObject({
        name: 'BoxApiError',
        code: 'invalid_argument',
        retryable: false,
      });
      expect(server.requests).toHaveLength(0);
    });

    it('rejects a 2xx body that is not a sign request as a retryable invalid_response', async () => {
      server.on('GET', '/2.0/sign_requests/sr-1', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html>proxy login</html>');
      });
      await expect(createBoxSignClient(config()).getSignRequest('sr-1')).rejects.toMatchObject({
        status: 200,
        code: 'invalid_response',
        retryable: true,
      });
    });
  });

  describe('listSignRequests', () => {
    it('passes marker and limit as query parameters and returns the page', async () => {
      const page = {
        limit: 2,
        next_marker: 'next-abc',
        prev_marker: null,
        entries: [signRequestJson('1'), signRequestJson('2')],
      };
      server.on('GET', '/2.0/sign_requests', (_req, res) => sendJson(res, 200, page));
      const result = await createBoxSignClient(config()).listSignRequests({ marker: 'mark-1', limit: 2 });
      expect(result).toEqual(page);
      const [request] = server.requestsTo('GET', '/2.0/sign_requests');
      expect(Object.fromEntries(request?.query ?? [])).toEqual({ marker: 'mark-1', limit: '2' });
    });

    it('sends no query parameters by default and tolerates a missing next_marker', async () => {
      server.on('GET', '/2.0/sign_requests', (_req, res) => sendJson(res, 200, { limit: 10, entries: [] }));
      await expect(createBoxSignClient(config()).listSignRequests()).resolves.toEqual({ limit: 10, entries: [] });
      expect([...(server.requestsTo('GET', '/2.0/sign_requests')[0]?.query.keys() ?? [])]).toEqual([]);
    });

    it('logs the path without the query string', async () => {
      server.on('GET', '/2.0/sign_requests', (_req, res) => sendJson(res, 200, { limit: 10, entries: [] }));
      const logger = captureLogger();
      await createBoxSignClient(config(), { logger }).listSignRequests({ marker: 'secret-ish-marker' });
      expect(logger.entries.find((e) => e.message === 'box api call')?.meta?.['path']).toBe('/sign_requests');
      expect(JSON.stringify(logger.entries)).not.toContain('secret-ish-marker');
    });
  });

  describe('cancelSignRequest', () => {
    beforeEach(() => {
      server.on('POST', '/2.0/sign_requests/sr-1/cancel', (_req, res) =>
        sendJson(res, 200, signRequestJson('sr-1', { status: 'cancelled' })),
      );
    });

    it('sends an empty JSON object when no reason is given', async () => {
      const result = await createBoxSignClient(config()).cancelSignRequest('sr-1');
      expect(result.status).toBe('cancelled');
      const [request] = server.requestsTo('POST', '/2.0/sign_requests/sr-1/cancel');
      expect(request?.body).toBe('{}');
      expect(request?.headers['content-type']).toBe('application/json');
    });

    it('sends the reason when given', async () => {
      await createBoxSignClient(config()).cancelSignRequest('sr-1', { reason: 'customer withdrew' });
      expect(server.requestsTo('POST', '/2.0/sign_requests/sr-1/cancel')[0]?.body).toBe(
        JSON.stringify({ reason: 'customer withdrew' }),
      );
    });
  });

  describe('resendSignRequest', () => {
    it('resolves to undefined on 202 with an empty body and sends no body (JSON content type)', async () => {
      server.on('POST', '/2.0/sign_requests/sr-1/resend', (_req, res) => sendEmpty(res, 202));
      await expect(createBoxSignClient(config()).resendSignRequest('sr-1')).resolves.toBeUndefined();
      const [request] = server.requestsTo('POST', '/2.0/sign_requests/sr-1/resend');
      expect(request?.body).toBe('');
      expect(request?.headers['content-type']).toBe('application/json');
      expect(request?.headers['authorization']).toBe('Bearer token-1');
      expect(request?.headers['as-user']).toBe(AS_USER);
    });

    it('surfaces the 400 cool-down as a non-retryable error', async () => {
      server.on('POST', '/2.0/sign_requests/sr-1/resend', (_req, res) =>
        sendJson(res, 400, boxError(400, 'bad_request', 'Cannot resend yet', 'rq-cool')),
      );
      await expect(createBoxSignClient(config()).resendSignRequest('sr-1')).rejects.toMatchObject({
        status: 400,
        retryable: false,
        requestId: 'rq-cool',
      });
    });
  });

  describe('401 handling', () => {
    it('renews the token once and retries after a 401', async () => {
      server.on('GET', '/2.0/sign_requests/sr-1', (req, res) => {
        if (req.headers['authorization'] === 'Bearer token-1') {
          sendJson(res, 401, boxError(401, 'unauthorized', 'Unauthorized', 'rq-401'));
        } else sendJson(res, 200, signRequestJson('sr-1'));
      });
      const client = createBoxSignClient(config());
      await expect(client.getSignRequest('sr-1')).resolves.toMatchObject({ id: 'sr-1' });
      expect(apiRequests().map((r) => r.headers['authorization'])).toEqual(['Bearer token-1', 'Bearer token-2']);
      expect(server.requestsTo('POST', '/oauth2/token')).toHaveLength(2);
      // The renewed token is cached for later calls.
      await client.getSignRequest('sr-1');
      expect(server.requestsTo('POST', '/oauth2/token')).toHaveLength(2);
    });

    it('retries the same body after a 401 on create', async () => {
      server.on('POST', '/2.0/sign_requests', (req, res) => {
        if (req.headers['authorization'] === 'Bearer token-1')
          sendJson(res, 401, boxError(401, 'unauthorized', 'x', 'r'));
        else sendJson(res, 201, signRequestJson('new'));
      });
      await createBoxSignClient(config()).createSignRequest(CREATE_BODY);
      const bodies = server.requestsTo('POST', '/2.0/sign_requests').map((r) => JSON.parse(r.body) as unknown);
      expect(bodies).toEqual([CREATE_BODY, CREATE_BODY]);
    });

    it('gives up with the second 401', async () => {
      server.on('GET', '/2.0/sign_requests/sr-1', (_req, res) =>
        sendJson(res, 401, boxError(401, 'unauthorized', 'Unauthorized', 'rq-401b')),
      );
      const err = await createBoxSignClient(config())
        .getSignRequest('sr-1')
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BoxApiError);
      expect(err).toMatchObject({ status: 401, code: 'unauthorized', retryable: false, requestId: 'rq-401b' });
      expect(apiRequests()).toHaveLength(2);
      expect(server.requestsTo('POST', '/oauth2/token')).toHaveLength(2);
    });

    it('does not retry a developer token that cannot change', async () => {
      server.on('GET', '/2.0/sign_requests/sr-1', (_req, res) =>
        sendJson(res, 401, boxError(401, 'unauthorized', 'Unauthorized', 'rq')),
      );
      const client = createBoxSignClient(config({ auth: { kind: 'developer-token', token: 'dev' } }));
      await expect(client.getSignRequest('sr-1')).rejects.toMatchObject({ status: 401 });
      expect(apiRequests()).toHaveLength(1);
    });

    it('does not call the API when the token endpoint rejects the credentials', async () => {
      server.on('POST', '/oauth2/token', (_req, res) =>
        sendJson(res, 400, { error: 'invalid_grant', error_description: 'Grant credentials are invalid' }),
      );
      await expect(createBoxSignClient(config()).getSignRequest('sr-1')).rejects.toMatchObject({
        status: 400,
        code: 'invalid_grant',
        retryable: false,
        path: '/oauth2/token',
      });
      expect(apiRequests()).toHaveLength(0);
    });
  });

  it('does not retry 5xx or 429 itself', async () => {
    server.on('GET', '/2.0/sign_requests/sr-1', (_req, res) =>
      sendJson(res, 503, boxError(503, 'unavailable', 'Unavailable', 'rq'), { 'retry-after': '1' }),
    );
    await expect(createBoxSignClient(config()).getSignRequest('sr-1')).rejects.toMatchObject({ status: 503 });
    expect(apiRequests()).toHaveLength(1);
  });
});
