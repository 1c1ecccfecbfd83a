import type { Harness } from '../support/harness';
import { signRequest, startHarness, uniqueKey } from '../support/harness';
import type { ApiRig } from '../support/api-rig';
import { startApiRig } from '../support/api-rig';
import { eventually } from '../support/signers';

describe('HTTP API: following, steering and listing requests', () => {
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

  async function create(email: string, overrides: Parameters<typeof signRequest>[0] = { signers: [] }) {
    const input = signRequest({ ...overrides, signers: [{ email, password: 'pw' }] });
    const answer = await api.call('POST', '/v1/sign-requests', { body: input });
    expect(answer.status).toBe(201);
    return { input, key: input.businessKey, id: answer.body.signRequestId as string };
  }

  it('401 without a key or with a wrong one, as a problem document', async () => {
    for (const key of [null, 'not-a-key']) {
      const answer = await api.call('GET', '/v1/sign-requests', { key });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.headers.get('www-authenticate')).toBe('Bearer');
      expect(answer.body).toMatchObject({ status: 401, type: 'urn:box-sign:problem:unauthorized' });
    }
    expect((await api.call('POST', '/v1/sign-requests', { key: null, body: {} })).status).toBe(401);
  });

  it('another client’s key gets 404 for status, result, cancel and resend of a request it did not start', async () => {
    const { key } = await create('owner@example.com');
    const paths = [
      ['GET', `/v1/sign-requests/${key}`],
      ['GET', `/v1/sign-requests/${key}/result`],
      ['POST', `/v1/sign-requests/${key}/cancel`],
      ['POST', `/v1/sign-requests/${key}/resend`],
    ] as const;
    for (const [method, path] of paths) {
      const answer = await api.call(method, path, { key: api.keys.b, body: method === 'POST' ? {} : undefined });
      expect([path, answer.status]).toEqual([path, 404]);
      expect(answer.body.type).toBe('urn:box-sign:problem:not-found');
    }
    expect((await api.call('GET', `/v1/sign-requests/${key}`)).status).toBe(200);
    expect((await api.call('GET', `/v1/sign-requests/${uniqueKey('nothing')}`)).status).toBe(404);
    const malformed = await api.call('GET', '/v1/sign-requests/%00bad');
    expect([malformed.status, malformed.body.errors]).toEqual([
      400,
      [expect.objectContaining({ field: 'businessKey' })],
    ]);
  });

  it('status shows the state; result long-polls: 202 while running, 200 with the outcome once the signer signs', async () => {
    const email = 'signs@example.com';
    const { key, id } = await create(email);
    const status = await eventually(
      () => api.call('GET', `/v1/sign-requests/${key}`),
      (s) => s.body.boxStatus === 'sent',
    );
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ businessKey: key, signRequestId: id, phase: 'waiting' });
    expect(status.body.signers).toEqual(
      expect.arrayContaining([expect.objectContaining({ email, progress: 'invited' })]),
    );

    const started = Date.now();
    const running = await api.call('GET', `/v1/sign-requests/${key}/result?waitSeconds=1`);
    expect(running.status).toBe(202);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(running.body).toEqual({ state: 'running', phase: 'waiting', statusUrl: `/v1/sign-requests/${key}` });

    const waiting = api.call('GET', `/v1/sign-requests/${key}/result?waitSeconds=30`);
    await h.control.signer(id, email, 'verify', { password: 'pw' });
    await h.control.signer(id, email, 'sign');
    const done = await waiting;
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      state: 'completed',
      result: { businessKey: key, signRequestId: id, outcome: 'signed', signers: [{ email, decision: 'signed' }] },
    });
  });

  it('a request that failed on Box gives its failure type and message as the result', async () => {
    const { key, id } = await create('fails@example.com');
    await h.control.forceStatus(id, 'error_sending');
    const answer = await eventually(
      () => api.call('GET', `/v1/sign-requests/${key}/result?waitSeconds=5`),
      (r) => r.status === 200,
      20_000,
    );
    expect(answer.body).toEqual({
      state: 'failed',
      failure: { type: 'BoxSignRequestFailed', message: expect.stringContaining('error_sending') },
    });
  });

  it('cancel cancels on Box; a second cancel and a resend inside the cool-down are refused with 409 and the reason', async () => {
    const { key, id } = await create('steer@example.com');
    await eventually(
      () => api.call('GET', `/v1/sign-requests/${key}`),
      (s) => s.body.boxStatus === 'sent',
    );
    const resend = await api.call('POST', `/v1/sign-requests/${key}/resend`);
    expect(resend.status).toBe(409);
    expect(resend.body).toMatchObject({ type: 'urn:box-sign:problem:action-refused', detail: expect.any(String) });
    expect(resend.body.detail.length).toBeGreaterThan(10);

    const cancel = await api.call('POST', `/v1/sign-requests/${key}/cancel`, { body: { reason: 'withdrawn' } });
    expect(cancel.status).toBe(200);
    expect(cancel.body).toEqual({ signRequestId: id, status: 'cancelled' });
    expect((await h.control.request(id)).cancel_reason).toBe('withdrawn');
    const result = await api.call('GET', `/v1/sign-requests/${key}/result?waitSeconds=20`);
    expect(result.body).toMatchObject({ state: 'completed', result: { outcome: 'cancelled' } });
    const again = await api.call('POST', `/v1/sign-requests/${key}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('already ended');
  });

  it('lists only this client’s requests from visibility, filtered by status and verification, paged by cursor', async () => {
    const mine = [await create('l1@example.com'), await create('l2@example.com'), await create('l3@example.com')];
    const theirs = signRequest({ signers: [{ email: 'other@example.com', password: 'pw' }] });
    expect((await api.call('POST', '/v1/sign-requests', { body: theirs, key: api.keys.b })).status).toBe(201);
    const wanted = new Set(mine.map((m) => m.key));
    const collect = async () => {
      const keys: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `?limit=2&verification=password${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await api.call('GET', `/v1/sign-requests${query}`);
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        keys.push(...(page.body.items as { businessKey: string }[]).map((i) => i.businessKey));
        cursor = page.body.nextCursor;
        pages += 1;
      } while (cursor !== null && pages < 50);
      return { keys, pages };
    };
    const { keys, pages } = await eventually(collect, (r) => [...wanted].every((k) => r.keys.includes(k)));
    expect(pages).toBeGreaterThan(1);
    expect(keys).not.toContain(theirs.businessKey);
    // Running throughout, so listed once each; an earlier test's request that ends while this pages moves to
    // visibility's ended part and may be listed again (docs/api.md, "List").
    expect([...wanted].map((k) => keys.filter((listed) => listed === k).length)).toEqual([1, 1, 1]);

    const none = await api.call('GET', '/v1/sign-requests?status=expired');
    expect((none.body.items as { businessKey: string }[]).filter((i) => wanted.has(i.businessKey))).toEqual([]);
    const forged = await api.call('GET', '/v1/sign-requests?cursor=AAAAbm90LWEtdG9rZW4.AAAAAAAAAAAAAAAAAAAAAA');
    expect([forged.status, forged.body.errors]).toEqual([404, [expect.objectContaining({ field: 'cursor' })]]);
    const bad = await api.call('GET', "/v1/sign-requests?status=x'%20OR%20'1'='1");
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'status' })]);
  });
});
