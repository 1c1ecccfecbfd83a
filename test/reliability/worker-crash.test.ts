import type { ChildWorkerRig } from '../support/child-worker-rig';
import { startChildWorkerRig } from '../support/child-worker-rig';
import { signRequest } from '../support/harness';
import { boxRequestFor, eventually } from '../support/signers';

describe('a worker process that crashes', () => {
  let rig: ChildWorkerRig;
  beforeAll(async () => {
    const address = process.env.TEST_TEMPORAL_ADDRESS;
    if (!address) throw new Error('TEST_TEMPORAL_ADDRESS is not set: run the suites through jest (global setup)');
    rig = await startChildWorkerRig(address);
  }, 90_000);
  afterAll(() => rig?.teardown(), 30_000);

  it('killed with SIGKILL while polling: a new worker finishes the workflow with the same single Box request', async () => {
    const workflowId = await rig.start(signRequest({ signers: [{ email: 'crash@example.com', password: 'pw' }] }));
    const id = await boxRequestFor(rig.control, workflowId);
    const polls = async () =>
      (await rig.control.calls()).filter((c) => c.method === 'GET' && c.path === `/2.0/sign_requests/${id}`).length;
    await eventually(polls, (count) => count >= 3);

    await rig.worker.kill();
    const pollsWhenKilled = await polls();
    await rig.control.signer(id, 'crash@example.com', 'verify', { password: 'pw' });
    expect((await rig.control.signer(id, 'crash@example.com', 'sign')).status).toBe(200);
    await rig.worker.start();

    expect(await rig.result(workflowId)).toMatchObject({ outcome: 'signed', signRequestId: id });
    expect(await polls()).toBeGreaterThan(pollsWhenKilled);
    expect(await rig.control.findByExternalId(workflowId)).toHaveLength(1);
  }, 120_000);
});
