import { statusQuery } from '../../contracts';
import { signRequest } from '../support/harness';
import { boxRequestFor, eventually } from '../support/signers';
import type { WebhookRig } from './webhook-rig';
import { SLOW_POLLING, startWebhookRig } from './webhook-rig';

const ALL_TRIGGERS = [
  'SIGN_REQUEST.COMPLETED',
  'SIGN_REQUEST.DECLINED',
  'SIGN_REQUEST.EXPIRED',
  'SIGN_REQUEST.SIGNER_SIGNED',
  'SIGN_REQUEST.SIGNATURE_REQUESTED',
  'SIGN_REQUEST.ERROR_FINALIZING',
];

describe('a Box webhook ends a workflow without waiting for the next poll', () => {
  let rig: WebhookRig;
  beforeAll(async () => {
    rig = await startWebhookRig();
  }, 60_000);
  afterAll(() => rig?.teardown());
  afterEach(() => rig.h.control.configureWebhooks({ triggers: ALL_TRIGGERS }));

  const getsOf = async (id: string) =>
    (await rig.h.control.calls()).filter((c) => c.method === 'GET' && c.path === `/2.0/sign_requests/${id}`);

  it('signed: SIGN_REQUEST.COMPLETED travels emulator → receiver → signal, and one GET confirms it', async () => {
    const { h } = rig;
    await h.control.configureWebhooks({ triggers: ['SIGN_REQUEST.COMPLETED'] });
    const email = 'hook.signer@example.com';
    const workflowId = await h.start(signRequest({ polling: SLOW_POLLING, signers: [{ email, password: 'pw' }] }));
    const id = await boxRequestFor(h.control, workflowId);
    await h.control.signer(id, email, 'verify', { password: 'pw' });
    await h.control.signer(id, email, 'sign');

    const result = await h.result(workflowId);
    expect(result.outcome).toBe('signed');
    const completed = (await h.control.webhookDeliveries()).filter(
      (d) => d.sign_request_id === id && d.trigger === 'SIGN_REQUEST.COMPLETED',
    );
    expect(completed.map((d) => d.status)).toEqual([200]);
    // The first poll after creation (a second one if it already saw the request sent) and the confirming GET.
    const state = await h.client.workflow.getHandle(workflowId).query(statusQuery);
    expect(state.boxEvents).toBe(1);
    expect((await getsOf(id)).length).toBeLessThanOrEqual(3);
  });

  it('signer-level triggers (a signer was asked to sign, a signer signed) wake it too, one GET each', async () => {
    const { h } = rig;
    const email = 'hook.each@example.com';
    const workflowId = await h.start(signRequest({ polling: SLOW_POLLING, signers: [{ email }] }));
    const handle = h.client.workflow.getHandle(workflowId);
    const id = await boxRequestFor(h.control, workflowId);
    await eventually(
      () => handle.query(statusQuery),
      (s) => s.boxStatus === 'sent',
    );
    await h.control.signer(id, email, 'sign');
    expect((await h.result(workflowId)).outcome).toBe('signed');
    const triggers = (await h.control.webhookDeliveries())
      .filter((d) => d.sign_request_id === id)
      .map((d) => d.trigger);
    expect(triggers).toEqual(
      expect.arrayContaining([
        'SIGN_REQUEST.SIGNATURE_REQUESTED',
        'SIGN_REQUEST.SIGNER_SIGNED',
        'SIGN_REQUEST.COMPLETED',
      ]),
    );
    expect((await handle.query(statusQuery)).boxEvents).toBeGreaterThanOrEqual(2);
  });

  it('declined: SIGN_REQUEST.DECLINED ends it as declined', async () => {
    const { h } = rig;
    const email = 'hook.decliner@example.com';
    const workflowId = await h.start(signRequest({ polling: SLOW_POLLING, signers: [{ email, password: 'pw' }] }));
    const id = await boxRequestFor(h.control, workflowId);
    await h.control.signer(id, email, 'verify', { password: 'pw' });
    await h.control.signer(id, email, 'decline', { reason: 'wrong amount' });

    expect((await h.result(workflowId)).outcome).toBe('declined');
    const triggers = (await h.control.webhookDeliveries())
      .filter((d) => d.sign_request_id === id)
      .map((d) => d.trigger);
    expect(triggers).toContain('SIGN_REQUEST.DECLINED');
  });

  it('expired: the emulator announces the expiry as its clock passes auto_expire_at', async () => {
    const { h } = rig;
    const workflowId = await h.start(
      signRequest({ polling: SLOW_POLLING, daysValid: 1, signers: [{ email: 'hook.late@example.com' }] }),
    );
    const id = await boxRequestFor(h.control, workflowId);
    await eventually(
      () => h.client.workflow.getHandle(workflowId).query(statusQuery),
      (s) => s.boxStatus !== null,
    );
    await h.control.advanceClock({ days: 2 });

    expect((await h.result(workflowId)).outcome).toBe('expired');
    const expired = (await h.control.webhookDeliveries()).filter(
      (d) => d.sign_request_id === id && d.trigger === 'SIGN_REQUEST.EXPIRED',
    );
    expect(expired.map((d) => d.status)).toEqual([200]);
  });

  it('a delivery the receiver refuses is retried by the emulator, and succeeds once the keys are rotated in', async () => {
    const { h, keys } = rig;
    await h.control.configureWebhooks({
      triggers: ['SIGN_REQUEST.COMPLETED'],
      primary_key: 'a-key-the-receiver-does-not-know',
      secondary_key: null,
    });
    try {
      const email = 'hook.retry@example.com';
      const workflowId = await h.start(signRequest({ polling: SLOW_POLLING, signers: [{ email }] }));
      const id = await boxRequestFor(h.control, workflowId);
      await h.control.signer(id, email, 'sign');
      const refused = await eventually(
        () => h.control.webhookDeliveries(),
        (all) => all.filter((d) => d.sign_request_id === id && d.trigger === 'SIGN_REQUEST.COMPLETED').length >= 2,
      );
      expect(refused.filter((d) => d.sign_request_id === id).every((d) => d.status === 401)).toBe(true);

      // Box now signs with a new primary key and the old secondary one, which the receiver still has.
      await h.control.configureWebhooks({ primary_key: 'rotated-primary', secondary_key: keys.secondary });
      expect((await h.result(workflowId)).outcome).toBe('signed');

      const attempts = (await h.control.webhookDeliveries()).filter(
        (d) => d.sign_request_id === id && d.trigger === 'SIGN_REQUEST.COMPLETED',
      );
      expect(attempts.map((d) => d.status)).toEqual([...attempts.slice(1).map(() => 401), 200]);
      expect(new Set(attempts.map((d) => d.event_id)).size).toBe(1);
      expect(new Set(attempts.map((d) => d.delivery_id)).size).toBe(attempts.length);
      expect(attempts.map((d) => d.attempt)).toEqual(attempts.map((_, i) => i + 1));
    } finally {
      await h.control.configureWebhooks({ primary_key: keys.primary, secondary_key: keys.secondary });
    }
  });
});
