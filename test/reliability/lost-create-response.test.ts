import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { boxRequestFor } from '../support/signers';

const CREATE = { method: 'POST', path: '/2.0/sign_requests' };

describe('a create whose outcome the worker never heard', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterEach(() => h.control.clearFaults());
  afterAll(() => h?.teardown());

  async function sign(workflowId: string, email: string): Promise<string> {
    const id = await boxRequestFor(h.control, workflowId);
    await h.control.signer(id, email, 'verify', { password: 'pw' });
    expect((await h.control.signer(id, email, 'sign')).status).toBe(200);
    return id;
  }

  const createsOf = async (workflowId: string) =>
    (await h.control.calls()).filter(
      (c) => c.method === CREATE.method && c.path === CREATE.path && c.external_id === workflowId,
    );

  it('Box stored the request but dropped the connection: the retry adopts it and exactly one request exists', async () => {
    await h.control.addFault({ ...CREATE, kind: 'drop_after_commit' });
    const workflowId = await h.start(signRequest({ signers: [{ email: 'lost@example.com', password: 'pw' }] }));
    const id = await sign(workflowId, 'lost@example.com');

    const result = await h.result(workflowId);
    expect(result).toMatchObject({ outcome: 'signed', signRequestId: id });
    expect(await h.control.findByExternalId(workflowId)).toHaveLength(1);
    expect(await createsOf(workflowId)).toEqual([expect.objectContaining({ status: 201, fault: 'drop_after_commit' })]);
  });

  it('a lost response followed by failing look-ups still ends with the one request', async () => {
    await h.control.addFault({ ...CREATE, kind: 'drop_after_commit' });
    await h.control.addFault({ method: 'GET', path: '/2.0/sign_requests', status: 503, count: 2 });
    const workflowId = await h.start(signRequest({ signers: [{ email: 'lookup@example.com', password: 'pw' }] }));
    const id = await sign(workflowId, 'lookup@example.com');

    expect(await h.result(workflowId)).toMatchObject({ outcome: 'signed', signRequestId: id });
    expect(await h.control.findByExternalId(workflowId)).toHaveLength(1);
    expect(await createsOf(workflowId)).toHaveLength(1);
  });

  it('a create that timed out before Box stored anything is sent again, once', async () => {
    await h.control.addFault({ ...CREATE, kind: 'timeout' });
    const workflowId = await h.start(signRequest({ signers: [{ email: 'hung@example.com', password: 'pw' }] }));
    const id = await sign(workflowId, 'hung@example.com');

    expect(await h.result(workflowId)).toMatchObject({ outcome: 'signed', signRequestId: id });
    expect(await h.control.findByExternalId(workflowId)).toHaveLength(1);
    expect((await createsOf(workflowId)).map((c) => c.status)).toEqual([0, 201]);
  });
});
