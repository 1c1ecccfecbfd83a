import { statusQuery } from '../../contracts';
import { signRequest } from '../support/harness';
import { boxRequestFor } from '../support/signers';
import type { WebhookRig } from './webhook-rig';
import { startWebhookRig } from './webhook-rig';

/**
 * A backstop that is quick for a test; in production it would be minutes to hours
 * (see docs/operations.md, "Polling with webhooks").
 */
const BACKSTOP = { initialIntervalMs: 500, backoffCoefficient: 2, maximumIntervalMs: 2_000 };

describe('a webhook that never arrives costs latency, never correctness: the backstop poll ends the workflow', () => {
  let rig: WebhookRig;
  beforeAll(async () => {
    rig = await startWebhookRig({ triggers: ['SIGN_REQUEST.COMPLETED'] });
  }, 60_000);
  afterAll(() => rig?.teardown());

  it('Box loses the COMPLETED event: the workflow still ends signed, through a poll', async () => {
    const { h } = rig;
    const email = 'backstop.signer@example.com';
    const workflowId = await h.start(signRequest({ polling: BACKSTOP, signers: [{ email }] }));
    const id = await boxRequestFor(h.control, workflowId);
    await h.control.dropWebhooks(1);
    await h.control.signer(id, email, 'sign');

    expect((await h.result(workflowId)).outcome).toBe('signed');
    const deliveries = (await h.control.webhookDeliveries()).filter((d) => d.sign_request_id === id);
    expect(deliveries.map((d) => [d.trigger, d.kind, d.status])).toEqual([['SIGN_REQUEST.COMPLETED', 'dropped', -1]]);
    expect((await h.client.workflow.getHandle(workflowId).query(statusQuery)).boxEvents ?? 0).toBe(0);
  });

  it('the receiver is down through all of Box’s retries: the workflow still ends signed, through a poll', async () => {
    const { h } = rig;
    await h.control.configureWebhooks({ address: 'http://127.0.0.1:1/webhooks/box', max_retries: 1 });
    try {
      const email = 'backstop.down@example.com';
      const workflowId = await h.start(signRequest({ polling: BACKSTOP, signers: [{ email }] }));
      const id = await boxRequestFor(h.control, workflowId);
      await h.control.signer(id, email, 'sign');

      expect((await h.result(workflowId)).outcome).toBe('signed');
      const statuses = (await h.control.webhookDeliveries())
        .filter((d) => d.sign_request_id === id)
        .map((d) => d.status);
      expect(statuses.length).toBeGreaterThanOrEqual(1);
      expect(statuses.every((s) => s === 0)).toBe(true);
    } finally {
      await h.control.configureWebhooks({ address: rig.receiver.webhookUrl, max_retries: 12 });
    }
  });
});
