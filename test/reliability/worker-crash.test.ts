import { inFlightActivities, recoveries } from '../../scripts/activity-recovery';
import type { ChildWorkerRig } from '../support/child-worker-rig';
import { startChildWorkerRig } from '../support/child-worker-rig';
import { signRequest } from '../support/harness';
import { boxRequestFor, eventually } from '../support/signers';

describe('a worker process that crashes', () => {
  let rig: ChildWorkerRig;
  beforeAll(async () => {
    const address = process.env.TEST_TEMPORAL_ADDRESS;
    if (!address) throw new Error('TEST_TEMPORAL_ADDRESS is not set: run the suites through jest (global setup)');
    // Box calls may hang for 30 s, so that a crash finds them in flight (the worker times them out after that).
    rig = await startChildWorkerRig(address, undefined, { BOX_HTTP_TIMEOUT_MS: '30000' });
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

  it('killed with a create and a poll in flight: another worker runs both again within seconds, not after their start-to-close timeouts', async () => {
    const calls = () => rig.control.calls();
    const polled = await rig.start(signRequest({ signers: [{ email: 'polled@example.com', password: 'pw' }] }));
    const id = await boxRequestFor(rig.control, polled);
    const pollPath = `/2.0/sign_requests/${id}`;
    await rig.control.addFault({ kind: 'timeout', method: 'GET', path: pollPath, count: 1 });
    await eventually(calls, (all) => all.some((c) => c.path === pollPath && c.status === 0));
    await rig.control.addFault({ kind: 'timeout', method: 'POST', path: '/2.0/sign_requests', count: 1 });
    const created = await rig.start(signRequest({ signers: [{ email: 'created@example.com', password: 'pw' }] }));
    await eventually(calls, (all) => all.some((c) => c.external_id === created && c.status === 0));

    await rig.worker.kill();
    const killedAt = Date.now();
    const inFlight = await inFlightActivities(rig.client(), [polled, created], killedAt);
    expect(inFlight.map((a) => [a.workflowId, a.activityType]).sort()).toEqual(
      [
        [created, 'createSignRequest'],
        [polled, 'awaitStatusChange'],
      ].sort(),
    );
    await rig.worker.start();

    // Without a heartbeat timeout they would wait for their start-to-close timeouts: 60 s (poll), 120 s (create).
    const recovered = await recoveries(rig.client(), inFlight, killedAt, 90_000);
    for (const activity of recovered) expect(activity.seconds).not.toBeNull();
    expect(Math.max(...recovered.map((a) => a.seconds ?? Infinity))).toBeLessThan(40);

    const newId = await boxRequestFor(rig.control, created);
    for (const [requestId, email] of [
      [id, 'polled@example.com'],
      [newId, 'created@example.com'],
    ] as const) {
      await rig.control.signer(requestId, email, 'verify', { password: 'pw' });
      expect((await rig.control.signer(requestId, email, 'sign')).status).toBe(200);
    }
    expect(await rig.result(polled)).toMatchObject({ outcome: 'signed', signRequestId: id });
    expect(await rig.result(created)).toMatchObject({ outcome: 'signed', signRequestId: newId });
    expect(await rig.control.findByExternalId(created)).toHaveLength(1);
  }, 150_000);
});
