import { clientScopedWorkflowId } from '../../contracts';
import type { ApiCallResult, ApiRig } from '../support/api-rig';
import { startApiRig } from '../support/api-rig';
import type { Harness } from '../support/harness';
import { signRequest } from '../support/harness';
import { startHarness } from '../support/harness';

/** The id the API starts this suite's client's requests under. */
const apiWorkflowId = (businessKey: string) => clientScopedWorkflowId('client-a', businessKey);

const PASSWORD = 'limits-Password!';

function expectRateLimited(answer: ApiCallResult): void {
  expect(answer.status).toBe(429);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  expect(answer.body).toMatchObject({ status: 429, type: 'urn:box-sign:problem:rate-limited' });
  expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
}

/**
 * Limits that hold: each client's budget is charged at the first hook after its key is known (whatever the request
 * turns out to be), a batch by its items, failed authentication per address, long polls per client, and no client
 * may ask for polling faster than the operator allows.
 */
describe('HTTP API: limits that hold', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterAll(async () => {
    await h?.teardown();
  });

  async function withRig(
    overrides: Parameters<typeof startApiRig>[1],
    test: (api: ApiRig) => Promise<void>,
  ): Promise<void> {
    const api = await startApiRig(h, overrides);
    try {
      await test(api);
    } finally {
      await api.stop();
    }
  }

  it('the rate limit counts every authenticated request of a client, also one its route refuses, and only its own', async () => {
    await withRig({ rateLimitPerMinute: 3 }, async (api) => {
      // Refused by the route's own query schema: before a limit at the pre-handler hook, these were free.
      for (let i = 0; i < 3; i++) expect((await api.call('GET', '/v1/sign-requests?limit=many')).status).toBe(400);
      expectRateLimited(await api.call('GET', '/v1/sign-requests?limit=1'));
      expect((await api.call('GET', '/v1/sign-requests?limit=1', { key: api.keys.b })).status).toBe(200);
    });
  });

  it('failed authentication is limited per address: past it, that address gets 429 before its key is looked at', async () => {
    await withRig({ authFailuresPerMinute: 3 }, async (api) => {
      for (const key of ['wrong-1', 'wrong-2', null]) {
        expect((await api.call('GET', '/v1/sign-requests?limit=1', { key })).status).toBe(401);
      }
      expectRateLimited(await api.call('GET', '/v1/sign-requests?limit=1', { key: 'wrong-4' }));
      expectRateLimited(await api.call('GET', '/v1/sign-requests?limit=1'));
    });
    // A valid key is not a failure: a client that authenticates is never locked out by its own traffic.
    await withRig({ authFailuresPerMinute: 1 }, async (api) => {
      for (let i = 0; i < 3; i++) expect((await api.call('GET', '/v1/sign-requests?limit=1')).status).toBe(200);
    });
  });

  it('a batch is charged one request per item: 50 items leave nothing of 50, and more than a minute’s worth is refused', async () => {
    await withRig({ rateLimitPerMinute: 50 }, async (api) => {
      const invalid = (i: number) => ({ businessKey: `limits-batch-${i}` });
      const fifty = Array.from({ length: 50 }, (_, i) => invalid(i));
      const batch = await api.call('POST', '/v1/sign-requests/batch', { body: { requests: fifty } });
      expect([batch.status, batch.body.summary?.invalid]).toEqual([200, 50]);
      expectRateLimited(await api.call('GET', '/v1/sign-requests?limit=1'));

      // Client b: 45 items, then a batch of 10 does not fit in what is left (and takes none of it), a single one does.
      const b = { key: api.keys.b };
      const first = await api.call('POST', '/v1/sign-requests/batch', { body: { requests: fifty.slice(0, 45) }, ...b });
      expect(first.status).toBe(200);
      const next = await api.call('POST', '/v1/sign-requests/batch', { body: { requests: fifty.slice(0, 10) }, ...b });
      expectRateLimited(next);
      expect(next.body.detail).toContain('A batch counts each of its 10 requests');
      expect((await api.call('GET', '/v1/sign-requests?limit=1', b)).status).toBe(200);

      const tooMany = Array.from({ length: 51 }, (_, i) => invalid(i));
      const refused = await api.call('POST', '/v1/sign-requests/batch', { body: { requests: tooMany }, ...b });
      expect([refused.status, refused.body.errors]).toEqual([
        400,
        [{ field: 'requests', rule: 'must have at most 50 items: the requests per minute this API allows a client' }],
      ]);
    });
  });

  it('a client holds at most N result long polls at once: the next one gets 429 at once, one that does not wait is served', async () => {
    await withRig({ longPollsPerClient: 2 }, async (api) => {
      const input = signRequest({ signers: [{ email: 'long.poll@example.com', password: PASSWORD }] });
      expect((await api.call('POST', '/v1/sign-requests', { body: input })).status).toBe(201);
      const result = (waitSeconds: number, key?: string) =>
        api.call('GET', `/v1/sign-requests/${input.businessKey}/result?waitSeconds=${waitSeconds}`, { key });

      // A holder that reaches the server after a probe below took a slot is refused (429): it asks again until it
      // holds one. Long enough to be held while the probes are tried, however slowly a loaded machine sends them.
      const hold = async () => {
        for (;;) {
          const answer = await result(25);
          if (answer.status !== 429) return answer;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      };
      const holding = [hold(), hold()];
      // Until both are waiting on the server, a third may still get a slot (then it waits its second and ends 202).
      let third = await result(1);
      for (let i = 0; i < 20 && third.status !== 429; i++) third = await result(1);
      expectRateLimited(third);
      expect(third.body.detail).toContain('At most 2 result long polls at once');
      const started = Date.now();
      expect((await result(0)).status).toBe(202);
      expect(Date.now() - started).toBeLessThan(3_000);
      expect((await Promise.all(holding)).map((answer) => answer.status)).toEqual([202, 202]);
      // The slots are free again once those polls ended.
      expect((await result(1)).status).toBe(202);
    });
  });

  it('polling faster than API_MIN_POLL_INTERVAL_MS is refused naming the field, in a POST and in a batch item', async () => {
    await withRig({ minPollIntervalMs: 30_000 }, async (api) => {
      const fast = signRequest({
        signers: [{ email: 'fast.poller@example.com', password: PASSWORD }],
        polling: { initialIntervalMs: 5_000, maximumIntervalMs: 20_000 },
      });
      const answer = await api.call('POST', '/v1/sign-requests', { body: fast });
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([
        {
          field: 'polling.initialIntervalMs',
          rule: 'must be at least 30000 ms for API clients (API_MIN_POLL_INTERVAL_MS)',
        },
        {
          field: 'polling.maximumIntervalMs',
          rule: 'must be at least 30000 ms for API clients (API_MIN_POLL_INTERVAL_MS)',
        },
      ]);
      const batch = await api.call('POST', '/v1/sign-requests/batch', { body: { requests: [fast] } });
      expect(batch.body.items).toEqual([
        expect.objectContaining({ status: 'invalid', errors: expect.arrayContaining([expect.any(Object)]) }),
      ]);
      await expect(h.client.workflow.getHandle(apiWorkflowId(fast.businessKey)).describe()).rejects.toThrow();

      const slow = { ...fast, polling: { initialIntervalMs: 30_000, maximumIntervalMs: 600_000 } };
      expect((await api.call('POST', '/v1/sign-requests', { body: slow })).status).toBe(201);
    });
  });
});
