import type { CallbackEvent } from '../../contracts';
import { clientScopedWorkflowId } from '../../contracts';
import type { ApiRig } from '../support/api-rig';
import type { CallbackReceiver, ReceivedCallback } from '../support/callback-receiver';
import type { Harness } from '../support/harness';
import type { JourneyRig } from '../support/journey-rig';
import { startJourneyRig } from '../support/journey-rig';
import { signRequest } from '../support/harness';
import { eventually } from '../support/signers';

const PASSWORD = 'journey-Password!';
const PHONE = '+15557770199';
const JOURNEY = ['signer.invited', 'signer.viewed', 'signer.email_bounced', 'signer.signed'] as const;

/**
 * The signer's journey told to the business system: whose turn it is (with the embed link), who opened the document,
 * whose invitation bounced — through the API, Box's webhooks (the emulator's, to the real receiver) and signed
 * callbacks.
 */
describe("the signer's journey, told through the API", () => {
  let journey: JourneyRig;
  let h: Harness;
  let api: ApiRig;
  let receiver: CallbackReceiver;

  beforeAll(async () => {
    journey = await startJourneyRig();
    ({ h, api, receiver } = journey);
  }, 90_000);
  afterAll(async () => {
    await journey?.stop();
  });

  async function start(input: ReturnType<typeof signRequest>): Promise<{ workflowId: string; id: string }> {
    const created = await api.call('POST', '/v1/sign-requests', {
      body: { ...input, callback: { url: receiver.url, events: [...JOURNEY] } },
    });
    expect(created.status).toBe(201);
    const body = created.body as { workflowId: string; signRequestId: string };
    expect(body.workflowId).toBe(clientScopedWorkflowId('client-a', input.businessKey));
    return { workflowId: body.workflowId, id: body.signRequestId };
  }

  /** Every delivery for the workflow, verified with the standardwebhooks library, none carrying a secret. */
  function events(workflowId: string): CallbackEvent[] {
    return receiver
      .forWorkflow(workflowId)
      .filter((d: ReceivedCallback) => d.status < 300)
      .map((d) => {
        expect(d.verifyError).toBeNull();
        expect(d.body).not.toContain(PASSWORD);
        expect(d.body).not.toContain(PHONE.slice(2));
        return d.event!;
      });
  }

  const told = (workflowId: string, type: string, signer: string) =>
    events(workflowId).filter((e) => e.type === type && e.data.signer?.email === signer);

  it('signer.invited reaches the receiver with a working embed URL for signer 2 only after signer 1 signed', async () => {
    const first = 'first.journey@example.com';
    const second = 'second.journey@example.com';
    const input = signRequest({
      signers: [
        { email: first, order: 1, password: PASSWORD },
        { email: second, order: 2, verificationPhoneNumber: PHONE, embedUrlExternalUserId: 'crm-42' },
      ],
    });
    const { workflowId, id } = await start(input);

    const [invitedFirst] = await eventually(
      () => Promise.resolve(told(workflowId, 'signer.invited', first)),
      (found) => found.length === 1,
      30_000,
    );
    expect(invitedFirst!.data.signer).toMatchObject({ email: first, embedUrl: null, iframeableEmbedUrl: null });
    await h.control.signer(id, first, 'verify', { password: PASSWORD });
    await h.control.signer(id, first, 'view');
    await eventually(
      () => Promise.resolve(told(workflowId, 'signer.viewed', first)),
      (found) => found.length === 1,
      30_000,
    );
    // Signer 2's turn has not come: nothing told of them yet.
    expect(events(workflowId).filter((e) => e.data.signer?.email === second)).toEqual([]);

    await h.control.signer(id, first, 'sign');
    const [invitedSecond] = await eventually(
      () => Promise.resolve(told(workflowId, 'signer.invited', second)),
      (found) => found.length === 1,
      30_000,
    );
    const types = events(workflowId).map((e) => `${e.type}:${e.data.signer?.email ?? ''}`);
    expect(types.indexOf(`signer.signed:${first}`)).toBeLessThan(types.indexOf(`signer.invited:${second}`));
    const signer = invitedSecond!.data.signer!;
    expect(signer.embedUrl).toEqual(expect.stringContaining(`/_emulator/embed/${id}/`));
    expect(signer.iframeableEmbedUrl).toEqual(expect.stringContaining('iframeable=true'));
    expect(signer.verification).toEqual([{ type: 'phone', maskedPhone: expect.stringMatching(/^\+1•+99$/) }]);
    // The link works: it opens signer 2's document.
    const opened = await fetch(signer.embedUrl!);
    expect(opened.status).toBe(200);
    expect(((await opened.json()) as { signer: { email: string } }).signer.email).toBe(second);
    const webhookIds = receiver.forWorkflow(workflowId).map((d) => d.headers['webhook-id']);
    expect(webhookIds).toContain(`msg_${encodeURIComponent(workflowId)}_signer.invited_1`);
    await api.call('POST', `/v1/sign-requests/${input.businessKey}/cancel`, { body: {} });
  });

  it('a bounced invitation is told as signer.email_bounced and shown as the current problem', async () => {
    const email = 'nobody.journey@example.invalid';
    const input = signRequest({ signers: [{ email, password: PASSWORD }] });
    const { workflowId, id } = await start(input);
    await eventually(
      () => Promise.resolve(told(workflowId, 'signer.invited', email)),
      (found) => found.length === 1,
      30_000,
    );
    expect((await h.control.bounce(id, email)).status).toBe(200);

    const [bounced] = await eventually(
      () => Promise.resolve(told(workflowId, 'signer.email_bounced', email)),
      (found) => found.length === 1,
      30_000,
    );
    expect(bounced!.data.signer).toMatchObject({ email, bouncedAt: expect.any(String) });
    const status = await eventually(
      () => api.call('GET', `/v1/sign-requests/${input.businessKey}`),
      (r) => r.status === 200 && (r.body as { problem?: unknown }).problem !== undefined && r.body.problem !== null,
      30_000,
    );
    expect(status.body.problem).toEqual({
      kind: 'email_bounced',
      signer: 0,
      message: expect.stringContaining('signer 1 bounced'),
      at: expect.any(String),
    });
    expect(status.body.journey.bounces).toEqual([{ signer: 0, email, at: expect.any(String) }]);
    // The Web UI shows it too (by position, no address).
    const metadata = await h.client.workflow
      .getHandle(workflowId)
      .query<{ currentDetails?: string }>('__temporal_workflow_metadata');
    expect(metadata.currentDetails).toContain('**Problem:** The invitation e-mail to signer 1 bounced');
    expect(metadata.currentDetails).not.toContain(email);
    await api.call('POST', `/v1/sign-requests/${input.businessKey}/cancel`, { body: {} });
  });

  it('a receiver that was down past its retries reads every event from the feed and gets one redelivered with the same webhook-id', async () => {
    const signers = Array.from({ length: 4 }, (_, i) => ({
      email: `feed${i}.journey@example.com`,
      order: i + 1,
      password: PASSWORD,
    }));
    const input = signRequest({ signers, maxHistoryEventsPerRun: 50 });
    // Down: every attempt refused (a 4xx gives the event up at once, as the end of the 72 h window does).
    receiver.answer = () => 410;
    const created = await api.call('POST', '/v1/sign-requests', {
      body: { ...input, callback: { url: receiver.url, events: ['signer.signed'] } },
    });
    expect(created.status).toBe(201);
    const { workflowId, signRequestId: id } = created.body as { workflowId: string; signRequestId: string };
    const feed = async () => (await api.call('GET', `/v1/sign-requests/${input.businessKey}/events`)).body as FeedBody;
    for (const signer of signers.slice(0, 3)) {
      await eventually(
        feed,
        (f) => f.events.some((e) => e.type === 'signer.invited' && e.event.data.signer?.email === signer.email),
        30_000,
      );
      await h.control.signer(id, signer.email, 'verify', { password: PASSWORD });
      await h.control.signer(id, signer.email, 'view');
      await h.control.signer(id, signer.email, 'sign');
    }
    const read = await eventually(
      feed,
      (f) => f.events.filter((e) => e.type === 'signer.signed' && e.delivery === 'failed').length === 3,
      60_000,
    );
    // Every event, in order, the ones not asked for included; each with its id, body and delivery.
    expect(read.events.map((e) => `${e.type}:${e.event.data.signer?.email.slice(0, 5)}:${e.delivery}`)).toEqual([
      'signer.invited:feed0:not_requested',
      'signer.viewed:feed0:not_requested',
      'signer.signed:feed0:failed',
      'signer.invited:feed1:not_requested',
      'signer.viewed:feed1:not_requested',
      'signer.signed:feed1:failed',
      'signer.invited:feed2:not_requested',
      'signer.viewed:feed2:not_requested',
      'signer.signed:feed2:failed',
      'signer.invited:feed3:not_requested',
    ]);
    expect(read.events.map((e) => e.id)).toEqual(read.events.map((_, i) => i + 1));
    for (const e of read.events) {
      expect(JSON.parse(e.body)).toEqual(e.event);
      expect(e.body).not.toContain(PASSWORD);
    }
    const status = (await api.call('GET', `/v1/sign-requests/${input.businessKey}`)).body as { run: number };
    expect(status.run).toBeGreaterThan(1);

    // Back up: the first signature's event, redelivered, arrives signed with the id and body the feed shows.
    receiver.answer = () => 200;
    const lost = read.events[2]!;
    const redelivered = await api.call('POST', `/v1/sign-requests/${input.businessKey}/events/${lost.id}/redeliver`);
    expect(redelivered.status).toBe(202);
    expect(redelivered.body).toEqual({ webhookId: lost.webhookId, delivery: 'pending', redeliveries: 1 });
    const [arrived] = await eventually(
      () => Promise.resolve(receiver.forWorkflow(workflowId).filter((d) => d.status === 200)),
      (found) => found.length === 1,
      30_000,
    );
    expect(arrived!.verifyError).toBeNull();
    expect(arrived!.headers['webhook-id']).toBe(lost.webhookId);
    expect(arrived!.body).toBe(lost.body);
    const after = await eventually(feed, (f) => f.events[2]?.delivery === 'delivered', 30_000);
    expect(after.events[2]).toMatchObject({
      webhookId: lost.webhookId,
      delivery: 'delivered',
      redeliveries: 1,
      attempts: 1,
    });

    const unknown = await api.call('POST', `/v1/sign-requests/${input.businessKey}/events/199/redeliver`);
    expect(unknown.status).toBe(404);
    await api.call('POST', `/v1/sign-requests/${input.businessKey}/cancel`, { body: {} });
  });
});

interface FeedBody {
  events: {
    id: number;
    webhookId: string;
    type: string;
    delivery: string;
    body: string;
    attempts: number;
    redeliveries: number;
    event: CallbackEvent;
  }[];
  truncated: boolean;
}
