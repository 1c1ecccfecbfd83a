import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { getSignRequestStatus } from '../../client';
import { boxRequestFor, eventually } from '../support/signers';

const CREATE = { method: 'POST', path: '/2.0/sign_requests' };

/**
 * The look-up of a request an earlier create attempt may have made reads Box's list, page by page, against the
 * sender's quota: it runs only when that attempt's outcome is unknown (no answer, or a 5xx), never after Box said
 * it did nothing (429, 4xx). Counted in the emulator's call log.
 */
describe('the adoption scan runs only after an ambiguous create', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterEach(() => h.control.clearFaults());
  afterAll(() => h?.teardown());

  /** Starts a request after `fault` is installed; its create calls and the list calls made meanwhile. */
  async function createThrough(fault: Parameters<Harness['control']['addFault']>[0], email: string) {
    await h.control.addFault({ ...CREATE, count: 1, ...fault });
    const before = (await h.control.calls()).length;
    const workflowId = await h.start(signRequest({ signers: [{ email, password: 'pw' }] }));
    await boxRequestFor(h.control, workflowId);
    // The workflow has its request (created, or adopted after the fault): every create attempt is over.
    await eventually(
      () => getSignRequestStatus(h.client, workflowId),
      (state) => state.phase === 'waiting',
    );
    const calls = (await h.control.calls()).slice(before);
    return {
      creates: calls.filter((c) => c.method === 'POST' && c.path === CREATE.path).map((c) => c.status),
      lists: calls.filter((c) => c.method === 'GET' && c.path === CREATE.path).length,
      onBox: await h.control.findByExternalId(workflowId),
    };
  }

  it('after a 429 the retry creates at once, without reading the list', async () => {
    const { creates, lists, onBox } = await createThrough({ status: 429, retry_after_seconds: 1 }, 'r429@example.com');
    expect(creates).toEqual([429, 201]);
    expect(lists).toBe(0);
    expect(onBox).toHaveLength(1);
  });

  it('after a 500 the retry looks for the request first', async () => {
    const { creates, lists, onBox } = await createThrough({ status: 500 }, 'r500@example.com');
    expect(creates).toEqual([500, 201]);
    expect(lists).toBeGreaterThanOrEqual(1);
    expect(onBox).toHaveLength(1);
  });

  it('after a create Box committed but whose answer was lost (connection reset), the retry adopts it', async () => {
    const { creates, lists, onBox } = await createThrough({ kind: 'drop_after_commit' }, 'reset@example.com');
    expect(creates).toHaveLength(1);
    expect(lists).toBeGreaterThanOrEqual(1);
    expect(onBox).toHaveLength(1);
  });
});
