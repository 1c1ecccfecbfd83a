import { Client } from '@temporalio/client';
import type { SignRequestInput } from '../../contracts';
import { MAX_BATCH_REQUESTS } from '../../api/schemas';
import type { ApiRig } from '../support/api-rig';
import { startApiRig, startApiRigWithTemporalDown } from '../support/api-rig';
import type { Harness } from '../support/harness';
import { clientScopedWorkflowId } from '../../contracts';
import { signRequest, startHarness } from '../support/harness';
import { boxRequestFor } from '../support/signers';

const workflowIdForBusinessKey = (businessKey: string) => clientScopedWorkflowId('client-a', businessKey);

describe('HTTP API: starting many sign requests in one call', () => {
  let h: Harness;
  let api: ApiRig;
  beforeAll(async () => {
    h = await startHarness();
    api = await startApiRig(h);
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
    await h?.teardown();
  });

  const valid = (email: string) => signRequest({ signers: [{ email, password: 'api-batch-secret' }] });
  const batch = (requests: unknown[], key?: string) =>
    api.call('POST', '/v1/sign-requests/batch', { body: { requests }, ...(key === undefined ? {} : { key }) });
  const links = (input: SignRequestInput) => ({
    businessKey: input.businessKey,
    workflowId: workflowIdForBusinessKey(input.businessKey),
    statusUrl: `/v1/sign-requests/${input.businessKey}`,
    resultUrl: `/v1/sign-requests/${input.businessKey}/result`,
  });

  it('answers 200 with one result per input, in order; an invalid one does not stop the others', async () => {
    const a = valid('ba@example.com');
    const b = valid('bb@example.com');
    const bad = signRequest({ signers: [{ email: 'not-an-email', password: 'api-batch-secret' }] });
    const answer = await batch([a, bad, b, { ...a, name: 'A different body' }, 'not an object']);

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      summary: { started: 2, alreadyStarted: 0, invalid: 2, conflict: 1, failed: 0 },
      items: [
        { index: 0, status: 'started', ...links(a) },
        {
          index: 1,
          status: 'invalid',
          businessKey: bad.businessKey,
          errors: [{ field: 'signers[0].email', rule: expect.any(String) }],
        },
        { index: 2, status: 'started', ...links(b) },
        // The same key with another body, in the same batch: the first one won.
        { index: 3, status: 'conflict', businessKey: a.businessKey },
        { index: 4, status: 'invalid', errors: [{ field: 'input', rule: expect.any(String) }] },
      ],
    });
    expect(JSON.stringify(answer.body)).not.toMatch(/not-an-email|api-batch-secret/);
    // It does not wait for Box, but Box gets each started request, once; the invalid one never.
    for (const input of [a, b]) await boxRequestFor(h.control, workflowIdForBusinessKey(input.businessKey));
    expect(await h.control.findByExternalId(workflowIdForBusinessKey(a.businessKey))).toHaveLength(1);
    expect(await h.control.findByExternalId(workflowIdForBusinessKey(bad.businessKey))).toEqual([]);
    // Each is followed like a single POST's.
    expect((await api.call('GET', links(a).statusUrl)).status).toBe(200);
  });

  it('is idempotent: the same batch again starts nothing new, only what is missing', async () => {
    const first = [valid('i1@example.com'), valid('i2@example.com')];
    expect((await batch(first)).body.summary).toMatchObject({ started: 2 });
    const runIds = await Promise.all(first.map(runIdOf));
    const added = valid('i3@example.com');

    const again = await batch([...first, added]);

    expect(again.status).toBe(200);
    expect(again.body.items).toEqual([
      { index: 0, status: 'alreadyStarted', ...links(first[0]!) },
      { index: 1, status: 'alreadyStarted', ...links(first[1]!) },
      { index: 2, status: 'started', ...links(added) },
    ]);
    expect(await Promise.all(first.map(runIdOf))).toEqual(runIds);
  });

  it('a request the single POST started counts too; another client’s same key is its own, new request', async () => {
    const single = valid('single@example.com');
    expect((await api.call('POST', '/v1/sign-requests', { body: single })).status).toBe(201);
    expect((await batch([single])).body.items).toEqual([{ index: 0, status: 'alreadyStarted', ...links(single) }]);
    const other = await batch([single], api.keys.b);
    expect(other.body.items).toEqual([
      {
        index: 0,
        status: 'started',
        ...links(single),
        workflowId: clientScopedWorkflowId('client-b', single.businessKey),
      },
    ]);
  });

  it('a wrong envelope is a 400 problem naming the field: no requests, too many, unknown fields', async () => {
    const cases: [unknown, string][] = [
      [{ requests: [] }, 'requests'],
      [{ requests: Array.from({ length: MAX_BATCH_REQUESTS + 1 }, () => ({})) }, 'requests'],
      [{ requests: 'x' }, 'requests'],
      [{ requests: [valid('e@example.com')], extra: 1 }, 'extra'],
      [[valid('e@example.com')], 'input'],
    ];
    for (const [body, field] of cases) {
      const answer = await api.call('POST', '/v1/sign-requests/batch', { body });
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body).toMatchObject({
        type: 'urn:box-sign:problem:invalid-input',
        errors: [expect.objectContaining({ field })],
      });
    }
    expect((await api.call('POST', '/v1/sign-requests/batch', { body: { requests: [] }, key: null })).status).toBe(401);
  });

  it('an input Temporal refuses to start is failed with its type, and the others are still answered', async () => {
    const elsewhere = new Client({ connection: h.client.connection, namespace: 'no-such-namespace' });
    const refused = await startApiRig({ client: elsewhere, taskQueue: h.taskQueue, sealing: h.sealing });
    try {
      const input = valid('refused@example.com');
      const answer = await refused.call('POST', '/v1/sign-requests/batch', {
        body: { requests: [input, { businessKey: 'x' }] },
        key: refused.keys.a,
      });
      expect(answer.status).toBe(200);
      expect(answer.body.items).toEqual([
        {
          index: 0,
          status: 'failed',
          businessKey: input.businessKey,
          workflowId: workflowIdForBusinessKey(input.businessKey),
          failure: { type: expect.any(String), message: expect.stringContaining('API log') },
        },
        { index: 1, status: 'invalid', businessKey: 'x', errors: expect.any(Array) },
      ]);
    } finally {
      await refused.stop();
    }
  });

  it('while Temporal does not answer, the batch is a 503 problem (send it again later)', async () => {
    const down = await startApiRigWithTemporalDown(h.sealing);
    try {
      const answer = await down.call('POST', '/v1/sign-requests/batch', {
        body: { requests: [valid('down@example.com')] },
        key: down.keys.a,
      });
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({ type: 'urn:box-sign:problem:temporal-unavailable' });
    } finally {
      await down.stop();
    }
  });

  it('is in the OpenAPI document with its body and answer', async () => {
    const doc = (await api.call('GET', '/openapi.json', { key: null })).body;
    const operation = doc.paths['/v1/sign-requests/batch'].post;
    expect(operation.security).toEqual([{ bearer: [] }]);
    expect(operation.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/SignRequestBatch',
    });
    const body = doc.components.schemas.SignRequestBatch;
    expect(body.properties.requests).toMatchObject({ type: 'array', minItems: 1, maxItems: MAX_BATCH_REQUESTS });
    // Honest: an item is any value, checked on its own (an invalid one is answered in its item, not with a 400).
    expect(body.properties.requests.items.$ref).toBeUndefined();
    expect(body.properties.requests.items.description).toContain('SignRequestInput');
    expect(JSON.stringify(operation.responses['200'])).toContain('SignRequestBatchResult');
    expect(Object.keys(operation.responses as object)).toEqual(
      expect.arrayContaining(['200', '400', '401', '413', '429']),
    );
    expect(doc.components.schemas.SignRequestBatchResult.properties.items.items).toEqual({
      $ref: '#/components/schemas/SignRequestBatchItem',
    });
    expect(doc.components.schemas.SignRequestBatchItem.oneOf).toHaveLength(5);
  });

  async function runIdOf(input: SignRequestInput): Promise<string> {
    return (await h.client.workflow.getHandle(workflowIdForBusinessKey(input.businessKey)).describe()).runId;
  }
});
