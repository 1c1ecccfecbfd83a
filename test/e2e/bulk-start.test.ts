import { Client } from '@temporalio/client';
import type { BulkStartProgress } from '../../client';
import { startSignRequests } from '../../client';
import type { SignRequestInput } from '../../contracts';
import type { Harness } from '../support/harness';
import { signRequest, startHarness, workflowIdForBusinessKey } from '../support/harness';
import { boxRequestFor } from '../support/signers';

describe('startSignRequests: many sign requests at once', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterAll(() => h?.teardown());

  const valid = (email: string) => signRequest({ signers: [{ email, password: 'bulk-secret' }] });

  it('starts each valid input, reports the invalid ones by field and rule, keeps input order, and goes on', async () => {
    const a = valid('a@example.com');
    const b = valid('b@example.com');
    const badPhone = signRequest({ signers: [{ email: 'c@example.com', verificationPhoneNumber: '555 0101' }] });
    const inputs = [a, badPhone, b, { ...a }, { nonsense: true } as unknown as SignRequestInput];
    const progress: BulkStartProgress[] = [];

    const items = await startSignRequests(h.client, inputs, {
      taskQueue: h.taskQueue,
      sealing: h.sealing,
      onProgress: (p) => progress.push(p),
    });

    expect(items).toEqual([
      { index: 0, businessKey: a.businessKey, status: 'started', workflowId: workflowIdForBusinessKey(a.businessKey) },
      {
        index: 1,
        businessKey: badPhone.businessKey,
        status: 'invalid',
        issues: [{ field: 'signers[0].verificationPhoneNumber', rule: expect.any(String) }],
      },
      { index: 2, businessKey: b.businessKey, status: 'started', workflowId: workflowIdForBusinessKey(b.businessKey) },
      // The same business key again, later in the batch: the first one started, this one starts nothing.
      {
        index: 3,
        businessKey: a.businessKey,
        status: 'alreadyStarted',
        workflowId: workflowIdForBusinessKey(a.businessKey),
      },
      {
        index: 4,
        status: 'invalid',
        issues: expect.arrayContaining([{ field: 'businessKey', rule: expect.any(String) }]),
      },
    ]);
    expect(JSON.stringify(items)).not.toContain('555 0101');
    expect(progress.map((p) => p.done)).toEqual([1, 2, 3, 4, 5]);
    expect(progress.at(-1)).toMatchObject({
      total: 5,
      counts: { started: 2, alreadyStarted: 1, invalid: 2, failed: 0 },
    });
    // Box has each started request once; the invalid one never reached it.
    for (const input of [a, b]) await boxRequestFor(h.control, workflowIdForBusinessKey(input.businessKey));
    expect(await h.control.findByExternalId(workflowIdForBusinessKey(a.businessKey))).toHaveLength(1);
    expect(await h.control.findByExternalId(workflowIdForBusinessKey(badPhone.businessKey))).toEqual([]);
  });

  it('run again, it starts only what is missing: the rest is alreadyStarted and keeps its run', async () => {
    const first = [valid('r1@example.com'), valid('r2@example.com')];
    const added = valid('r3@example.com');
    await startSignRequests(h.client, first, { taskQueue: h.taskQueue, sealing: h.sealing });
    const runIds = await Promise.all(first.map((input) => runIdOf(input)));

    const again = await startSignRequests(h.client, [...first, added], { taskQueue: h.taskQueue, sealing: h.sealing });

    expect(again.map((item) => item.status)).toEqual(['alreadyStarted', 'alreadyStarted', 'started']);
    expect(await Promise.all(first.map((input) => runIdOf(input)))).toEqual(runIds);
  });

  it('a business key already used by a different input is invalid on businessKey, in the batch or from a run before', async () => {
    const before = valid('before@example.com');
    await startSignRequests(h.client, [before], { taskQueue: h.taskQueue, sealing: h.sealing });
    const repeated = valid('repeated@example.com');
    const fixedTypo = { ...repeated, name: 'Fixed name' };
    const inputs = [{ ...before, name: 'Changed since' }, repeated, fixedTypo];

    const items = await startSignRequests(h.client, inputs, { taskQueue: h.taskQueue, sealing: h.sealing });

    const conflict = [{ field: 'businessKey', rule: expect.stringContaining('started with a different input') }];
    expect(items.map(({ status, issues }) => ({ status, issues }))).toEqual([
      { status: 'invalid', issues: conflict },
      { status: 'started', issues: undefined },
      { status: 'invalid', issues: conflict },
    ]);
    await boxRequestFor(h.control, workflowIdForBusinessKey(repeated.businessKey));
    expect(await h.control.findByExternalId(workflowIdForBusinessKey(repeated.businessKey))).toHaveLength(1);
  });

  it('keeps at most `concurrency` starts in flight', async () => {
    const workflow = h.client.workflow;
    const realStart = workflow.start.bind(workflow);
    let inFlight = 0;
    let most = 0;
    // Counts the real starts as they go to Temporal (each still reaches the dev server).
    workflow.start = (async (...args: Parameters<typeof realStart>) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      try {
        return await realStart(...args);
      } finally {
        inFlight -= 1;
      }
    }) as typeof workflow.start;
    try {
      const inputs = Array.from({ length: 12 }, (_v, i) => valid(`c${i}@example.com`));
      const items = await startSignRequests(h.client, inputs, {
        taskQueue: h.taskQueue,
        sealing: h.sealing,
        concurrency: 3,
      });
      expect(items.map((item) => item.status)).toEqual(inputs.map(() => 'started'));
      expect(most).toBe(3);
    } finally {
      workflow.start = realStart;
    }
  });

  it('a start Temporal refuses is failed with its reason, for each item, without throwing', async () => {
    const elsewhere = new Client({ connection: h.client.connection, namespace: 'no-such-namespace' });
    const inputs = [valid('f1@example.com'), valid('f2@example.com')];
    const items = await startSignRequests(elsewhere, inputs, { taskQueue: h.taskQueue, sealing: h.sealing });
    expect(items).toEqual(
      inputs.map((input, index) => ({
        index,
        businessKey: input.businessKey,
        workflowId: workflowIdForBusinessKey(input.businessKey),
        status: 'failed',
        error: { type: expect.any(String), message: expect.stringMatching(/namespace/i) },
      })),
    );
  });

  async function runIdOf(input: SignRequestInput): Promise<string> {
    const description = await h.client.workflow.getHandle(workflowIdForBusinessKey(input.businessKey)).describe();
    return description.runId;
  }
});
