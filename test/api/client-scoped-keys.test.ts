import { createHmac } from 'node:crypto';
import { LEGACY_INPUT_HMAC_MEMO_KEY } from '../../api/idempotency';
import { signRequestStartOptions } from '../../client/sign-requests';
import type { SignRequestInput } from '../../contracts';
import {
  SIGN_REQUEST_WORKFLOW_TYPE,
  canonicalJson,
  clientScopedWorkflowId,
  workflowIdForBusinessKey,
} from '../../contracts';
import type { ApiCallResult } from '../support/api-rig';
import type { ApiStack } from '../support/api-stack';
import { startApiStack } from '../support/api-stack';
import { signRequest, uniqueKey } from '../support/harness';
import { boxRequestFor, eventually } from '../support/signers';

/**
 * Business keys belong to their client: the API starts each client's requests under its own id
 * (`box-sign-@<client>:<businessKey>`), so two clients use one key independently, and nothing a client is answered
 * depends on whether another client uses the key.
 */
describe('HTTP API: business keys belong to their client', () => {
  let s: ApiStack;
  beforeAll(async () => {
    s = await startApiStack();
  }, 60_000);
  afterAll(async () => {
    await s?.stop();
  });

  const keyA = () => s.api.keys.a;
  const keyB = () => s.api.keys.b;
  const input = (email: string, key = uniqueKey('scoped')) =>
    signRequest({ businessKey: key, signers: [{ email, password: 'scoped-pw' }] });
  const post = (body: unknown, key: string) => s.api.call('POST', '/v1/sign-requests', { body, key });

  /** Every read and action a client can aim at one business key. */
  const probes = (businessKey: string): [string, string, unknown?][] => [
    ['GET', `/v1/sign-requests/${businessKey}`],
    ['GET', `/v1/sign-requests/${businessKey}/result?waitSeconds=0`],
    ['POST', `/v1/sign-requests/${businessKey}/cancel`, { reason: 'probe' }],
    ['POST', `/v1/sign-requests/${businessKey}/resend`],
    ['GET', `/v1/sign-requests/${businessKey}/documents`],
    ['GET', `/v1/sign-requests/${businessKey}/documents/1234567890`],
  ];

  /** What a client sees for a key: status and body of every probe, with the key itself written as KEY. */
  async function answersFor(businessKey: string, key: string): Promise<string[]> {
    const answers: string[] = [];
    for (const [method, path, body] of probes(businessKey)) {
      const answer: ApiCallResult = await s.api.call(method, path, { key, ...(body === undefined ? {} : { body }) });
      answers.push(`${answer.status} ${JSON.stringify(answer.body).split(businessKey).join('KEY')}`);
    }
    return answers;
  }

  const workflowIdOf = (answer: ApiCallResult): string => String(answer.body.workflowId);
  interface Item {
    status: string;
    businessKey: string;
    workflowId: string;
  }
  const itemsOf = (answer: ApiCallResult): Item[] => answer.body.items as Item[];

  /** A 201's body with what differs between any two requests (ids, the key, embed URLs) written as placeholders. */
  function shapeOf(created: ApiCallResult, businessKey: string): string {
    return JSON.stringify({ ...created.body, signRequestId: 'ID', status: 'STATUS' })
      .split(businessKey)
      .join('KEY');
  }

  it('two clients using the same key get two independent requests, each on Box and each its own', async () => {
    const businessKey = uniqueKey('shared');
    const fromA = await post(input('a.shared@example.com', businessKey), keyA());
    const fromB = await post(input('b.shared@example.com', businessKey), keyB());
    expect([fromA.status, fromB.status]).toEqual([201, 201]);
    expect(fromA.body.workflowId).toBe(clientScopedWorkflowId('client-a', businessKey));
    expect(fromB.body.workflowId).toBe(clientScopedWorkflowId('client-b', businessKey));
    expect(fromA.body.signRequestId).not.toBe(fromB.body.signRequestId);
    expect(await s.h.control.findByExternalId(workflowIdOf(fromA))).toHaveLength(1);
    expect(await s.h.control.findByExternalId(workflowIdOf(fromB))).toHaveLength(1);

    const statusA = await s.api.call('GET', `/v1/sign-requests/${businessKey}`, { key: keyA() });
    const statusB = await s.api.call('GET', `/v1/sign-requests/${businessKey}`, { key: keyB() });
    expect(statusA.body.signRequestId).toBe(fromA.body.signRequestId);
    expect(statusB.body.signRequestId).toBe(fromB.body.signRequestId);

    // A's cancel ends A's request only.
    const cancelled = await s.api.call('POST', `/v1/sign-requests/${businessKey}/cancel`, { key: keyA(), body: {} });
    expect(cancelled.status).toBe(200);
    const resultB = await s.api.call('GET', `/v1/sign-requests/${businessKey}/result?waitSeconds=0`, { key: keyB() });
    expect(resultB.status).toBe(202);
    await s.h.client.workflow.getHandle(workflowIdOf(fromB)).terminate('test cleanup');
  });

  it('no 409 oracle, no squatting: a key another client took answers exactly as a fresh key does', async () => {
    // B takes a key first, with its own body: A's POST of the same key is a 201 of A's own, not a 409.
    const taken = uniqueKey('taken');
    expect((await post(input('squatter@example.com', taken), keyB())).status).toBe(201);
    const fresh = uniqueKey('fresh');
    const aOnTaken = await post(input('owner@example.com', taken), keyA());
    const aOnFresh = await post(input('owner@example.com', fresh), keyA());
    expect([aOnTaken.status, aOnFresh.status]).toEqual([201, 201]);
    expect(shapeOf(aOnTaken, taken)).toBe(shapeOf(aOnFresh, fresh));

    // B's reads and actions on A's keys: byte for byte what B is answered for keys nobody uses.
    const unused = uniqueKey('unused');
    const onAsKey = await answersFor(fresh, keyB());
    const onUnused = await answersFor(unused, keyB());
    expect(onAsKey).toEqual(onUnused);
    expect(onAsKey.every((answer) => answer.startsWith('404 '))).toBe(true);

    // The batch: an item with A's key starts B's own request, as an unused key does.
    const batch = await s.api.call('POST', '/v1/sign-requests/batch', {
      key: keyB(),
      body: { requests: [input('b.batch1@example.com', fresh), input('b.batch2@example.com', unused)] },
    });
    expect(itemsOf(batch).map((item) => item.status)).toEqual(['started', 'started']);
    expect(itemsOf(batch)[0]?.workflowId).toBe(clientScopedWorkflowId('client-b', fresh));

    // Idempotency is per client: B repeating A's exact body is B's first request, not A's repeat.
    const sameBodyAsA = input('owner@example.com', uniqueKey('same-body'));
    expect((await post(sameBodyAsA, keyA())).status).toBe(201);
    const bSameBody = await post(sameBodyAsA, keyB());
    expect(bSameBody.status).toBe(201);
    expect(bSameBody.body.workflowId).toBe(clientScopedWorkflowId('client-b', sameBodyAsA.businessKey));

    // B's list holds only B's requests.
    const listed = await eventually(
      () => s.api.call('GET', '/v1/sign-requests?limit=100', { key: keyB() }),
      (list) => itemsOf(list).some((item) => item.businessKey === unused),
    );
    expect(itemsOf(listed).every((item) => item.workflowId.startsWith('box-sign-@client-b:'))).toBe(true);
  });

  describe('requests started before ids were client-scoped (legacy `box-sign-<businessKey>`)', () => {
    /** As the API started them then: the legacy id, the client as ApiClient, the body's HMAC in the memo. */
    async function startLegacy(body: SignRequestInput): Promise<string> {
      const secret = s.rigClients.clients.byName('client-a')!.callbackSecret;
      const options = signRequestStartOptions(body, {
        taskQueue: s.h.taskQueue,
        sealing: s.h.sealing,
        apiClient: 'client-a',
        startBinding: s.h.startBinding,
        // What the API kept before the secret-blind digest: an HMAC of the plain body with the client's secret.
        memo: {
          [LEGACY_INPUT_HMAC_MEMO_KEY]: createHmac('sha256', secret).update(canonicalJson(body), 'utf8').digest('hex'),
        },
      });
      expect(options.workflowId).toBe(workflowIdForBusinessKey(body.businessKey));
      await s.h.client.workflow.start(SIGN_REQUEST_WORKFLOW_TYPE, { ...options, workflowIdConflictPolicy: 'FAIL' });
      return options.workflowId;
    }

    it('its client finds it under the legacy id everywhere; another client gets a fresh key’s 404 and its own key', async () => {
      const body = input('legacy@example.com');
      const legacyId = await startLegacy(body);
      const signRequestId = await boxRequestFor(s.h.control, legacyId);

      const status = await eventually(
        () => s.api.call('GET', `/v1/sign-requests/${body.businessKey}`, { key: keyA() }),
        (answer) => answer.status !== 200 || answer.body.signRequestId !== null,
      );
      expect(status.status).toBe(200);
      expect(status.body).toMatchObject({ businessKey: body.businessKey, signRequestId });
      const repeat = await post(body, keyA());
      expect(repeat.status).toBe(200);
      expect(repeat.body).toMatchObject({ workflowId: legacyId, signRequestId });
      const batchRepeat = await s.api.call('POST', '/v1/sign-requests/batch', {
        key: keyA(),
        body: { requests: [body] },
      });
      expect(batchRepeat.body.items[0]).toMatchObject({ status: 'alreadyStarted', workflowId: legacyId });
      expect((await post({ ...body, name: 'another body' }, keyA())).status).toBe(409);

      expect(await answersFor(body.businessKey, keyB())).toEqual(await answersFor(uniqueKey('nobody'), keyB()));
      const bOwn = await post(input('b.legacy@example.com', body.businessKey), keyB());
      expect(bOwn.status).toBe(201);
      expect(bOwn.body.workflowId).toBe(clientScopedWorkflowId('client-b', body.businessKey));

      const cancelled = await s.api.call('POST', `/v1/sign-requests/${body.businessKey}/cancel`, {
        key: keyA(),
        body: {},
      });
      expect(cancelled.status).toBe(200);
      const ended = await s.api.call('GET', `/v1/sign-requests/${body.businessKey}/result?waitSeconds=20`, {
        key: keyA(),
      });
      expect(ended.body).toMatchObject({ state: 'completed', result: { outcome: 'cancelled' } });
      await s.h.client.workflow.getHandle(workflowIdOf(bOwn)).terminate('test cleanup');
    });
  });
});
