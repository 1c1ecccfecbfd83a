import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { boxRequestFor } from '../support/signers';

describe("Box's 429 and retry-after", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterAll(() => h?.teardown());

  it('a create answered 429 with retry-after: 2 is retried no sooner than 2 s later', async () => {
    await h.control.addFault({ method: 'POST', path: '/2.0/sign_requests', status: 429, retry_after_seconds: 2 });
    const workflowId = await h.start(signRequest({ signers: [{ email: 'limited@example.com', password: 'pw' }] }));
    const id = await boxRequestFor(h.control, workflowId);

    const onCollection = (await h.control.calls()).filter((c) => c.path === '/2.0/sign_requests');
    const limited = onCollection.findIndex((c) => c.status === 429);
    const retry = onCollection[limited + 1];
    expect(limited).toBeGreaterThanOrEqual(0);
    expect(retry).toBeDefined();
    expect(Date.parse(retry?.at ?? '') - Date.parse(onCollection[limited]?.at ?? '')).toBeGreaterThanOrEqual(2_000);

    await h.control.signer(id, 'limited@example.com', 'verify', { password: 'pw' });
    await h.control.signer(id, 'limited@example.com', 'sign');
    expect(await h.result(workflowId)).toMatchObject({ outcome: 'signed', signRequestId: id });
    expect(await h.control.findByExternalId(workflowId)).toHaveLength(1);
  });
});
