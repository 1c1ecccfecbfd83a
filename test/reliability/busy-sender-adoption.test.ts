import { getSignRequestStatus } from '../../client';
import type { EmulatorCall } from 'box-sign-emulator';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { boxRequestFor, eventually } from '../support/signers';

const CREATE = { method: 'POST', path: '/2.0/sign_requests' };
const LIST = { method: 'GET', path: '/2.0/sign_requests' };
const HOUR_MS = 60 * 60 * 1000;

/**
 * The adoption look-up scans Box's list back to the create's start, however many pages that is: a sender who made
 * thousands of requests between a lost create response and its retry still gets exactly one.
 */
describe('a retried create of a busy sender', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterEach(() => h.control.reset());
  afterAll(() => h?.teardown());

  const isCall = (call: EmulatorCall, spec: { method: string; path: string }) =>
    call.method === spec.method && call.path === spec.path;
  const createsOf = async (workflowId: string) =>
    (await h.control.calls()).filter((c) => isCall(c, CREATE) && c.external_id === workflowId);
  // A reset between tests forgets the worker's token: its first call is a 401, renewed and retried by the client.
  const listCalls = async () => (await h.control.calls()).filter((c) => isCall(c, LIST) && c.status !== 401);

  /**
   * Starts a create whose first attempt meets `kind`, then, once it has, stores 2,500 requests of the same sender
   * before the retry reads Box (its first list call is held 3 s, within the client's 5 s timeout).
   */
  async function createThenBusySender(kind: 'drop_after_commit' | 'timeout', email: string): Promise<string> {
    await h.control.addFault({ ...CREATE, kind });
    await h.control.addFault({ ...LIST, kind: 'latency', delay_ms: 3_000 });
    const workflowId = await h.start(signRequest({ signers: [{ email, password: 'pw' }] }));
    await eventually(
      () => createsOf(workflowId),
      (creates) => creates.some((c) => c.fault === kind),
    );
    await h.control.seedRequests(2_500, { externalIdPrefix: 'meanwhile' });
    return workflowId;
  }

  /** Once the workflow has its request: Box holds exactly one with our external_id, and it is the workflow's. */
  async function theOneRequest(workflowId: string): Promise<string> {
    const state = await eventually(
      () => getSignRequestStatus(h.client, workflowId),
      (s) => s.signRequestId !== null,
      30_000,
    );
    const onBox = await h.control.findByExternalId(workflowId);
    expect(onBox.map((r) => r.sign_request.id)).toEqual([state.signRequestId]);
    return onBox[0]!.sign_request.id;
  }

  async function sign(workflowId: string, email: string): Promise<string> {
    const id = await boxRequestFor(h.control, workflowId);
    await h.control.signer(id, email, 'verify', { password: 'pw' });
    expect((await h.control.signer(id, email, 'sign')).status).toBe(200);
    return id;
  }

  it('2,500 requests between a lost create response and its retry: the retry adopts, no duplicate', async () => {
    const workflowId = await createThenBusySender('drop_after_commit', 'busy@example.com');
    const created = await theOneRequest(workflowId);
    const id = await sign(workflowId, 'busy@example.com');

    expect(id).toBe(created);
    expect(await h.result(workflowId)).toMatchObject({ outcome: 'signed', signRequestId: id });
    expect(await h.control.findByExternalId(workflowId)).toHaveLength(1);
    expect(await createsOf(workflowId)).toEqual([expect.objectContaining({ status: 201, fault: 'drop_after_commit' })]);
    // Ours is the 2,501st newest: the third page of 1000, where the old cap (10 pages of 100) never looked.
    expect(await listCalls()).toHaveLength(3);
  }, 60_000);

  it('a first attempt that never reached Box: the scan stops at the requests older than the create, then creates once', async () => {
    await h.control.seedRequests(1_500, { createdAgoMs: HOUR_MS, externalIdPrefix: 'history' });
    const workflowId = await createThenBusySender('timeout', 'hung@example.com');
    const created = await theOneRequest(workflowId);
    const id = await sign(workflowId, 'hung@example.com');

    expect(id).toBe(created);
    expect(await h.result(workflowId)).toMatchObject({ outcome: 'signed', signRequestId: id });
    expect(await h.control.findByExternalId(workflowId)).toHaveLength(1);
    expect((await createsOf(workflowId)).map((c) => c.status)).toEqual([0, 201]);
    // 2,500 newer requests, then the page that reaches the hour-old history: 3 pages, not the list's 4.
    expect(await listCalls()).toHaveLength(3);
  }, 60_000);
});
