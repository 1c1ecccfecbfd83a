import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import type { ApiRig } from '../support/api-rig';
import { startApiRig, startApiRigWithTemporalDown } from '../support/api-rig';
import { startApiMetricsServer } from '../../api/metrics-server';
import { createMetricsRegistry } from '../../metrics/prom-metrics';

type OpenApi = {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
};

describe('HTTP API: its description and its limits', () => {
  let h: Harness;
  let api: ApiRig;
  let doc: OpenApi;
  beforeAll(async () => {
    h = await startHarness();
    api = await startApiRig(h, { bodyLimitBytes: 4096, rateLimitPerMinute: 5 });
    doc = (await api.call('GET', '/openapi.json', { key: null })).body as OpenApi;
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
    await h?.teardown();
  });

  /** Validates a real answer against the schema /openapi.json documents for it (OpenAPI 3.1 = JSON Schema 2020-12). */
  function documentedSchemaErrors(path: string, method: string, status: number, contentType: string, body: unknown) {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(doc, 'openapi');
    const pointer = ['paths', path, method, 'responses', String(status), 'content', contentType, 'schema']
      .map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1'))
      .join('/');
    const validate = ajv.compile({ $ref: `openapi#/${pointer}` });
    return validate(body) ? [] : validate.errors;
  }

  it('/openapi.json is OpenAPI 3.1 with the bearer scheme, every route and every error response documented', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes).toHaveProperty('bearer', expect.objectContaining({ scheme: 'bearer' }));
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/health',
        '/healthz',
        '/ready',
        '/readyz',
        '/v1/documents',
        '/v1/sign-requests',
        '/v1/sign-requests/batch',
        '/v1/sign-requests/{businessKey}',
        '/v1/sign-requests/{businessKey}/cancel',
        '/v1/sign-requests/{businessKey}/documents',
        '/v1/sign-requests/{businessKey}/documents/{fileId}',
        '/v1/sign-requests/{businessKey}/events',
        '/v1/sign-requests/{businessKey}/events/{id}/redeliver',
        '/v1/sign-requests/{businessKey}/reissue',
        '/v1/sign-requests/{businessKey}/resend',
        '/v1/sign-requests/{businessKey}/result',
      ].sort(),
    );
    for (const [path, operations] of Object.entries(doc.paths)) {
      if (!path.startsWith('/v1')) continue;
      for (const [method, operation] of Object.entries(operations)) {
        for (const status of ['401', '429', '500', '503']) {
          expect([method, path, status, Object.keys(operation.responses[status]?.content ?? {})]).toEqual([
            method,
            path,
            status,
            ['application/problem+json'],
          ]);
        }
      }
    }
    const post = doc.paths['/v1/sign-requests']!.post!.responses;
    expect(Object.keys(post).sort()).toEqual(
      ['200', '201', '202', '400', '401', '403', '409', '413', '415', '422', '429', '500', '502', '503'].sort(),
    );
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['Problem', 'SignRequestCreated', 'SignRequestStatus', 'SignRequestResult']),
    );
  });

  it('real answers match the schemas the document gives for them', async () => {
    const input = signRequest({ signers: [{ email: 'doc@example.com', password: 'pw' }] });
    const created = await api.call('POST', '/v1/sign-requests', { body: input });
    expect(created.status).toBe(201);
    expect(documentedSchemaErrors('/v1/sign-requests', 'post', 201, 'application/json', created.body)).toEqual([]);
    const status = await api.call('GET', `/v1/sign-requests/${input.businessKey}`);
    expect(
      documentedSchemaErrors('/v1/sign-requests/{businessKey}', 'get', 200, 'application/json', status.body),
    ).toEqual([]);
    const invalid = await api.call('POST', '/v1/sign-requests', { body: { businessKey: 'x' } });
    expect(invalid.status).toBe(400);
    expect(documentedSchemaErrors('/v1/sign-requests', 'post', 400, 'application/problem+json', invalid.body)).toEqual(
      [],
    );
    // Client b: client a's budget of 5 a minute is the rate-limit test's.
    const requests = [signRequest({ signers: [{ email: 'doc.batch@example.com', password: 'pw' }] }), { name: 'x' }];
    const batch = await api.call('POST', '/v1/sign-requests/batch', { body: { requests }, key: api.keys.b });
    const items = batch.body.items as { status: string }[];
    expect([batch.status, items.map((item) => item.status)]).toEqual([200, ['started', 'invalid']]);
    expect(documentedSchemaErrors('/v1/sign-requests/batch', 'post', 200, 'application/json', batch.body)).toEqual([]);
  });

  it('/health, /healthz, /ready, /readyz, /docs and /openapi.json are public', async () => {
    for (const path of ['/health', '/healthz']) {
      expect((await api.call('GET', path, { key: null })).body).toEqual({ status: 'ok' });
    }
    expect((await api.call('GET', '/docs', { key: null })).status).toBeLessThan(400);
    for (const path of ['/ready', '/readyz']) {
      expect((await api.call('GET', path, { key: null })).body).toEqual({ status: 'ready' });
    }
  });

  it('/metrics, on its own port only, counts requests by route pattern and status, never with a business key', async () => {
    const registry = createMetricsRegistry();
    const counted = await startApiRig(h, { metrics: registry });
    const metricsServer = await startApiMetricsServer({ host: '127.0.0.1', port: 0, registry });
    try {
      expect((await counted.call('GET', '/metrics', { key: null })).status).toBe(404);
      expect((await api.call('GET', '/metrics', { key: null })).status).toBe(404);
      await expectCountedRequests(counted, metricsServer.url);
    } finally {
      await metricsServer.stop();
      await counted.stop();
    }
  });

  async function expectCountedRequests(counted: ApiRig, metricsUrl: string): Promise<void> {
    const key = `metrics-${Date.now()}`;
    expect((await counted.call('GET', `/v1/sign-requests/${key}`, { key: null })).status).toBe(401);
    const response = await fetch(`${metricsUrl}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(
      /^box_sign_http_requests_total\{route="\/v1\/sign-requests\/:businessKey",method="GET",status="401"\} [1-9]/m,
    );
    expect(text).toMatch(/^box_sign_http_request_duration_seconds_bucket\{/m);
    expect(text).not.toContain(key);
  }

  it('/ready and /readyz answer 503 while Temporal is unreachable', async () => {
    const down = await startApiRigWithTemporalDown(h.sealing);
    try {
      for (const path of ['/ready', '/readyz']) {
        const ready = await down.call('GET', path, { key: null });
        expect([path, ready.status, ready.body]).toEqual([
          path,
          503,
          { status: 'not ready', detail: 'Temporal did not answer' },
        ]);
      }
      expect((await down.call('GET', '/healthz', { key: null })).status).toBe(200);
    } finally {
      await down.stop();
    }
  });

  it('a body over the limit gets 413 as a problem document', async () => {
    const input = signRequest({
      signers: [{ email: 'big@example.com', password: 'pw' }],
      emailMessage: 'x'.repeat(8000),
    });
    const answer = await api.call('POST', '/v1/sign-requests', { body: input, key: api.keys.b });
    expect(answer.status).toBe(413);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ status: 413, type: 'urn:box-sign:problem:payload-too-large' });
  });

  it('each client has its own rate limit: past it, 429 with Retry-After as a problem document', async () => {
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<ApiRig['call']>> | undefined;
    for (let i = 0; i < 8 && limited === undefined; i++) {
      const answer = await api.call('GET', '/v1/sign-requests?limit=1');
      statuses.push(answer.status);
      if (answer.status === 429) limited = answer;
    }
    expect(limited).toBeDefined();
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited!.headers.get('content-type')).toContain('application/problem+json');
    expect(limited!.body).toMatchObject({ status: 429, type: 'urn:box-sign:problem:rate-limited' });
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
    // The other client's budget is its own.
    expect((await api.call('GET', '/v1/sign-requests?limit=1', { key: api.keys.b })).status).toBe(200);
  });
});
