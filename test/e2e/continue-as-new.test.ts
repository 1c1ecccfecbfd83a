import { getSignRequestStatus } from '../../client';
import type { SignRequestResult, SignRequestState } from '../../contracts';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { boxRequestFor, eventually } from '../support/signers';

const SIGNERS = Array.from({ length: 8 }, (_, i) => ({ email: `s${i}@example.com`, order: i + 1, password: `pw${i}` }));

describe('continue-as-new keeps a long life bounded without changing what callers see', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterAll(() => h?.teardown());

  /** Plays the signers one by one, each change observed by the workflow before the next. */
  async function playAll(workflowId: string): Promise<{ state: SignRequestState; result: SignRequestResult }> {
    const id = await boxRequestFor(h.control, workflowId);
    for (const signer of SIGNERS) {
      await eventually(
        () => getSignRequestStatus(h.client, workflowId),
        (s) => s.signers.find((x) => x.email === signer.email)?.progress === 'invited',
      );
      await h.control.signer(id, signer.email, 'verify', { password: signer.password });
      await h.control.signer(id, signer.email, 'view');
      await eventually(
        () => getSignRequestStatus(h.client, workflowId),
        (s) => s.signers.find((x) => x.email === signer.email)?.progress === 'viewed',
      );
      await h.control.signer(id, signer.email, 'sign');
    }
    const result = await h.result(workflowId);
    return { state: await getSignRequestStatus(h.client, workflowId), result };
  }

  const comparable = ({ state, result }: { state: SignRequestState; result: SignRequestResult }) => ({
    state: {
      phase: state.phase,
      boxStatus: state.boxStatus,
      outcome: state.outcome,
      signers: state.signers.map((s) => ({ email: s.email, progress: s.progress })),
      resends: state.resends.done,
    },
    result: {
      outcome: result.outcome,
      status: result.status,
      signers: result.signers.map((s) => ({ email: s.email, decision: s.decision })),
      signedFiles: result.signedFileIds.length,
    },
  });

  it('state, query answers and the result are the same with and without continue-as-new', async () => {
    const plain = await h.start(signRequest({ signers: SIGNERS }));
    const continued = await h.start(signRequest({ signers: SIGNERS, maxHistoryEventsPerRun: 50 }));
    const [withoutCan, withCan] = await Promise.all([playAll(plain), playAll(continued)]);

    expect(withCan.state.run).toBeGreaterThan(1);
    expect(withoutCan.state.run).toBe(1);
    expect(comparable(withCan)).toEqual(comparable(withoutCan));

    const handle = h.client.workflow.getHandle(continued);
    const description = await handle.describe();
    const firstRunId = description.raw.workflowExecutionInfo?.firstRunId ?? '';
    expect(description.runId).not.toBe(firstRunId);
    const lastRunEvents = (await handle.fetchHistory()).events?.length ?? 0;
    const firstRunEvents =
      (await h.client.workflow.getHandle(continued, firstRunId).fetchHistory()).events?.length ?? 0;
    expect(firstRunEvents).toBeLessThanOrEqual(50 + 20);
    expect(lastRunEvents).toBeLessThanOrEqual(50 + 20);
    expect(JSON.stringify(description.searchAttributes)).toContain('signed');
  });
});
