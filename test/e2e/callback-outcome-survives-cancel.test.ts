import { startSignRequest } from '../../client';
import type { SignRequestResult } from '../../contracts';
import { statusQuery } from '../../contracts';
import type { CallbackReceiver } from '../support/callback-receiver';
import { generateCallbackSecret, startCallbackReceiver } from '../support/callback-receiver';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { boxRequestFor, eventually } from '../support/signers';

const CLIENT = 'cancel-suite';

describe('a Temporal cancellation while the outcome’s callback is being delivered', () => {
  const secret = generateCallbackSecret();
  let h: Harness;
  let receiver: CallbackReceiver;

  beforeAll(async () => {
    receiver = await startCallbackReceiver(secret);
    h = await startHarness({
      callbacks: { secretFor: (name) => (name === CLIENT ? secret : undefined), allowHosts: ['127.0.0.1'] },
    });
  }, 60_000);
  afterAll(async () => {
    await h?.teardown();
    await receiver?.stop();
  });

  it('leaves the outcome alone: the workflow completes signed and the signed event is still delivered', async () => {
    const email = 'late.cb@example.com';
    let receiverDown = true;
    receiver.answer = () => (receiverDown ? 503 : 200);
    const input = { ...signRequest({ signers: [{ email, password: 'pw' }] }), callback: { url: receiver.url } };
    const { workflowId } = await startSignRequest(h.client, input, {
      taskQueue: h.taskQueue,
      sealing: h.sealing,
      apiClient: CLIENT,
      startBinding: h.startBinding,
      callbackAllowHosts: ['127.0.0.1'],
    });
    const handle = h.client.workflow.getHandle(workflowId);
    const id = await boxRequestFor(h.control, workflowId);
    await h.control.signer(id, email, 'verify', { password: 'pw' });
    await h.control.signer(id, email, 'sign');
    // The outcome is known and its callback is being retried against a receiver that is down.
    await eventually(
      () => handle.query(statusQuery),
      (s) => s.outcome === 'signed' && s.callback?.state === 'delivering' && s.callback.event === 'sign_request.signed',
    );
    await eventually(
      () => Promise.resolve(receiver.received.filter((r) => r.body.includes(JSON.stringify(workflowId)))),
      (received) => received.length >= 1,
    );

    await handle.cancel();
    receiverDown = false;

    const result = (await handle.result()) as SignRequestResult;
    expect(result.outcome).toBe('signed');
    expect((await handle.describe()).status.name).toBe('COMPLETED');
    const delivered = receiver.received.filter(
      (r) => r.body.includes(JSON.stringify(workflowId)) && r.body.includes('"sign_request.signed"') && r.status < 300,
    );
    expect(delivered).toHaveLength(1);
    expect(result.callback).toMatchObject({ delivered: true });
    expect((await h.control.request(id)).sign_request.status).toBe('signed');
  }, 60_000);
});
