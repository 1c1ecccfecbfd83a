import {
  boxEventRouteWorkflowId,
  boxEventSignal,
  cancelUpdate,
  reissueUpdate,
  resendUpdate,
  statusQuery,
  SIGN_REQUEST_WORKFLOW_TYPE,
} from '../../../contracts';
import type { SignRequestInput } from '../../../contracts';
import { clientScopedWorkflowId } from '../../../contracts';
import type { FaultSpec } from 'box-sign-emulator';
import { WorkflowUpdateStage } from '@temporalio/client';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { prepareReissue, redeliverEvent, signRequestStartOptions, startSignRequest } from '../../../client';
import { generateSealingSetup } from '../../../encryption/sealing-keys';
import type { CallbackReceiver } from '../../support/callback-receiver';
import { generateCallbackSecret, startCallbackReceiver } from '../../support/callback-receiver';
import type { Harness } from '../../support/harness';
import { signRequest, startHarness, uniqueKey } from '../../support/harness';
import { startApiRig } from '../../support/api-rig';
import { boxRequestFor, eventually } from '../../support/signers';
import { FIXTURE_KEY_RING } from '../fixture-key';
import { bundleFor } from '../replay-histories';
import {
  historyEvents,
  lastScheduledActivity,
  scheduledActivities,
  signalsHandled,
} from '../../support/workflow-history';
import { saveHistory, shouldCapture } from './save-history';

/**
 * `npm run histories:capture`: runs each scenario against real servers and saves its history under
 * test/replay/histories/<scenario>.json, with throwaway values and the fixture key. Existing files are kept.
 */

const SCENARIO_TIMEOUT = 120_000;

/** Started as the API starts a client's request: bound to the fixture client, its callback to the local receiver. */
function startAsFixtureClient(h: Harness, input: SignRequestInput) {
  return startSignRequest(h.client, input, {
    taskQueue: h.taskQueue,
    sealing: h.sealing,
    apiClient: 'fixture-client',
    startBinding: h.startBinding,
    callbackAllowHosts: ['127.0.0.1'],
  });
}

/** The one sender the capture's worker allows: the emulator's user 20001. */
const FIXTURE_SENDER = '20001';

async function finish(h: Harness, workflowId: string): Promise<void> {
  await h.client.workflow
    .getHandle(workflowId)
    .result()
    .catch(() => undefined);
}

async function signAs(h: Harness, id: string, email: string, password: string): Promise<void> {
  await h.control.signer(id, email, 'verify', { password });
  await h.control.signer(id, email, 'view');
  await h.control.signer(id, email, 'sign');
}

async function statusReaches(h: Harness, workflowId: string, status: string): Promise<void> {
  await eventually(
    () => h.client.workflow.getHandle(workflowId).query(statusQuery),
    (s) => s.boxStatus === status,
  );
}

/**
 * A webhook event signalled and confirmed, then signalled again (its delivery replayed to a receiver that restarted),
 * then the request signed and its COMPLETED event signalled. Polls are 10 minutes apart: only signals move it.
 */
async function sameEventSignalledTwice(h: Harness): Promise<string> {
  const email = 'repeat.fixture@example.com';
  const polling = { initialIntervalMs: 600_000, backoffCoefficient: 1, maximumIntervalMs: 600_000 };
  const workflowId = await h.start(signRequest({ polling, signers: [{ email, password: 'pw' }] }));
  const handle = h.client.workflow.getHandle(workflowId);
  const id = await boxRequestFor(h.control, workflowId);
  const notice = (eventId: string, trigger: string) => ({
    eventId,
    trigger,
    signRequestId: id,
    receivedAt: new Date().toISOString(),
  });
  const requested = notice('fixture-requested-event', 'SIGN_REQUEST.SIGNATURE_REQUESTED');
  await handle.signal(boxEventSignal, requested);
  // Confirmed, and waiting for Box again: where a delivery replayed minutes later finds the workflow.
  await eventually(
    () => historyEvents(handle),
    (events) =>
      scheduledActivities(events, 'fetchSignRequest') === 1 && lastScheduledActivity(events) === 'awaitStatusChange',
  );
  await handle.signal(boxEventSignal, requested);
  await signalsHandled(handle, boxEventSignal.name, 2);
  await signAs(h, id, email, 'pw');
  await eventually(
    () => h.control.request(id),
    (r) => r.sign_request.status === 'signed',
  );
  await handle.signal(boxEventSignal, notice('fixture-completed-event', 'SIGN_REQUEST.COMPLETED'));
  await finish(h, workflowId);
  return workflowId;
}

/**
 * A cancel accepted while the GET confirming a webhook is in flight (the emulator holds it), and that GET returns
 * `signed`: the request ended before the loop took the cancel, which is refused as already finished.
 */
async function cancelWhileConfirmingSigned(h: Harness): Promise<string> {
  const email = 'held.fixture@example.com';
  const polling = { initialIntervalMs: 600_000, backoffCoefficient: 1, maximumIntervalMs: 600_000 };
  const workflowId = await h.start(signRequest({ polling, signers: [{ email, password: 'pw' }] }));
  const handle = h.client.workflow.getHandle(workflowId);
  const id = await boxRequestFor(h.control, workflowId);
  await statusReaches(h, workflowId, 'sent');
  const held = await h.control.addFault({
    kind: 'latency',
    delay_ms: 2_000,
    method: 'GET',
    path: `/2.0/sign_requests/${id}`,
    count: 1,
  });
  await handle.signal(boxEventSignal, {
    eventId: 'fixture-held-event',
    trigger: 'SIGN_REQUEST.COMPLETED',
    signRequestId: id,
    receivedAt: new Date().toISOString(),
  });
  await eventually(
    () => h.control.faults(),
    (faults) => !faults.some((f) => f.id === held.id && f.applied === 0),
  );
  await signAs(h, id, email, 'pw');
  const cancel = await handle.startUpdate(cancelUpdate, {
    args: [{ reason: 'fixture' }],
    waitForStage: WorkflowUpdateStage.ACCEPTED,
  });
  await cancel.result().catch(() => undefined);
  await finish(h, workflowId);
  return workflowId;
}

describe('capture replay histories (dev server)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ keyRing: FIXTURE_KEY_RING, allowedSenders: [FIXTURE_SENDER] });
  }, 60_000);
  afterAll(() => h?.teardown());

  const scenario = (name: string, run: () => Promise<string | void>) =>
    it(
      name,
      async () => {
        if (!shouldCapture(name)) return;
        const workflowId = await run();
        if (workflowId) await saveHistory(h.client, name, workflowId);
      },
      SCENARIO_TIMEOUT,
    );

  scenario('phone-verified-signed', async () => {
    const email = 'phone.fixture@example.com';
    const workflowId = await h.start(
      signRequest({
        isPhoneVerificationRequiredToView: true,
        signers: [{ email, verificationPhoneNumber: '+15550000001' }],
      }),
    );
    const id = await boxRequestFor(h.control, workflowId);
    await h.control.signer(id, email, 'view');
    await h.control.signer(id, email, 'verify', { code: '000000' });
    await h.control.signer(id, email, 'verify', { code: await h.control.latestCode(id, email) });
    await h.control.signer(id, email, 'view');
    await h.control.signer(id, email, 'sign');
    await finish(h, workflowId);
    return workflowId;
  });

  scenario('password-verified-signed', async () => {
    const email = 'password.fixture@example.com';
    const workflowId = await h.start(signRequest({ signers: [{ email, password: 'throwaway-pw' }] }));
    const id = await boxRequestFor(h.control, workflowId);
    await h.control.signer(id, email, 'verify', { password: 'wrong' });
    await signAs(h, id, email, 'throwaway-pw');
    await finish(h, workflowId);
    return workflowId;
  });

  // Written after sealing: the signers' password and phone number are in the input only sealed (the histories
  // above, captured before, hold them as plaintext, as requests started then do).
  scenario('sealed-secrets-signed', async () => {
    const [phone, password] = ['sealed.phone.fixture@example.com', 'sealed.password.fixture@example.com'];
    const workflowId = await h.start(
      signRequest({
        isPhoneVerificationRequiredToView: true,
        signers: [
          { email: phone, verificationPhoneNumber: '+15550000011', order: 1 },
          { email: password, password: 'throwaway-sealed-pw', order: 1 },
        ],
      }),
    );
    const id = await boxRequestFor(h.control, workflowId);
    await h.control.signer(id, phone, 'view');
    await h.control.signer(id, phone, 'verify', { code: await h.control.latestCode(id, phone) });
    await h.control.signer(id, phone, 'sign');
    await signAs(h, id, password, 'throwaway-sealed-pw');
    await finish(h, workflowId);
    return workflowId;
  });

  // Every verification method (issue 25): a phone given as verificationMethod (sealed like the legacy one), a Box
  // login, a CAC/PIV card with a password beside it; played to signed.
  scenario('verification-methods-signed', async () => {
    const [sms, login, card] = [
      'method.sms.fixture@example.com',
      'method.login.fixture@example.com',
      'method.card.fixture@example.com',
    ];
    await h.control.setEnterprise({ cac_piv_enabled: true });
    try {
      const workflowId = await h.start(
        signRequest({
          signers: [
            { email: sms, order: 1, verificationMethod: { type: 'phone', phoneNumber: '+15550000021' } },
            { email: login, order: 1, verificationMethod: { type: 'login' } },
            { email: card, order: 1, verificationMethod: { type: 'cac_piv' }, password: 'throwaway-card-pw' },
          ],
        }),
      );
      const id = await boxRequestFor(h.control, workflowId);
      await h.control.signer(id, sms, 'send-code');
      await h.control.signer(id, sms, 'verify', { code: await h.control.latestCode(id, sms) });
      await h.control.signer(id, sms, 'sign');
      await h.control.signer(id, login, 'login');
      await h.control.signer(id, login, 'sign');
      await h.control.signer(id, card, 'verify', { password: 'throwaway-card-pw' });
      await h.control.signer(id, card, 'present-card');
      await h.control.signer(id, card, 'sign');
      await finish(h, workflowId);
      return workflowId;
    } finally {
      await h.control.setEnterprise({ cac_piv_enabled: false });
    }
  });

  // A request from a template its input does not fit: refused (TemplateMismatch) before any create.
  scenario('template-mismatch', async () => {
    const template = await h.control.addTemplate({
      name: 'Fixture template',
      signers: [{ role: 'signer', order: 1, label: 'Tenant', is_phone_number_required: true }],
    });
    const { sourceFiles: _none, ...input } = signRequest({ signers: [{ email: 'template.fixture@example.com' }] });
    const workflowId = await h.start({ ...input, templateId: template.id });
    await finish(h, workflowId);
    return workflowId;
  });

  scenario('sealed-secret-unreadable', async () => {
    const foreign = generateSealingSetup('fixture-retired-pair');
    const input = signRequest({ signers: [{ email: 'unreadable.fixture@example.com', password: 'throwaway-pw' }] });
    const { workflowId } = await startSignRequest(h.client, input, {
      taskQueue: h.taskQueue,
      sealing: foreign.sealing,
    });
    await finish(h, workflowId);
    return workflowId;
  });

  scenario('sender-signed', async () => {
    // Every activity of a request sent as a user carries its sender (the as-user of each Box call).
    const email = 'sender.fixture@example.com';
    const input = { ...signRequest({ signers: [{ email, password: 'pw' }] }), sender: { boxUserId: FIXTURE_SENDER } };
    const workflowId = await h.start(input);
    const id = await boxRequestFor(h.control, workflowId);
    await h.client.workflow.getHandle(workflowId).signal(boxEventSignal, {
      eventId: 'fixture-sender-event',
      trigger: 'SIGN_REQUEST.SIGNATURE_REQUESTED',
      signRequestId: id,
      receivedAt: new Date().toISOString(),
    });
    await signAs(h, id, email, 'pw');
    await finish(h, workflowId);
    return workflowId;
  });

  scenario('sender-not-allowed', async () => {
    // Straight to Temporal, past the client's check: the worker's create refuses the sender, no Box call.
    const input = {
      ...signRequest({ signers: [{ email: 'unlisted.fixture@example.com', password: 'pw' }] }),
      sender: { boxUserId: '20002' },
    };
    const handle = await h.client.workflow.start(SIGN_REQUEST_WORKFLOW_TYPE, {
      ...signRequestStartOptions(input, { taskQueue: h.taskQueue, sealing: h.sealing }),
    });
    await finish(h, handle.workflowId);
    return handle.workflowId;
  });

  scenario('two-signers-one-declines', async () => {
    const workflowId = await h.start(
      signRequest({
        signers: [
          { email: 'first.fixture@example.com', order: 1, password: 'one' },
          { email: 'second.fixture@example.com', order: 2, password: 'two' },
        ],
      }),
    );
    const id = await boxRequestFor(h.control, workflowId);
    await h.control.signer(id, 'first.fixture@example.com', 'verify', { password: 'one' });
    await h.control.signer(id, 'first.fixture@example.com', 'decline', { reason: 'fixture' });
    await finish(h, workflowId);
    return workflowId;
  });

  scenario('preparation-then-signed', async () => {
    const email = 'prep.fixture@example.com';
    const workflowId = await h.start(
      signRequest({ isDocumentPreparationNeeded: true, signers: [{ email, password: 'pw' }] }),
    );
    await statusReaches(h, workflowId, 'created');
    const [request] = await h.control.findByExternalId(workflowId);
    await h.control.prepare(request!.sign_request.id);
    await signAs(h, request!.sign_request.id, email, 'pw');
    await finish(h, workflowId);
    return workflowId;
  });

  scenario('api-created-then-signed', async () => {
    const email = 'api.fixture@example.com';
    const api = await startApiRig(h);
    try {
      const input = signRequest({ signers: [{ email, password: 'pw', embedUrlExternalUserId: 'fixture-user' }] });
      const created = await api.call('POST', '/v1/sign-requests', { body: input });
      if (created.status !== 201) throw new Error(`POST answered ${created.status}`);
      const again = await api.call('POST', '/v1/sign-requests', { body: input });
      if (again.status !== 200) throw new Error(`repeat POST answered ${again.status}`);
      await signAs(h, created.body.signRequestId as string, email, 'pw');
      await finish(h, created.body.workflowId as string);
      return created.body.workflowId as string;
    } finally {
      await api.stop();
    }
  });

  scenario('api-create-rejected', async () => {
    const api = await startApiRig(h);
    await h.control.addFault({ method: 'POST', path: '/2.0/sign_requests', status: 404, count: 1 });
    try {
      const input = signRequest({ signers: [{ email: 'api.rejected@example.com', password: 'pw' }] });
      const answer = await api.call('POST', '/v1/sign-requests', { body: input });
      if (answer.status !== 422) throw new Error(`POST answered ${answer.status}`);
      const workflowId = clientScopedWorkflowId('client-a', input.businessKey);
      await finish(h, workflowId);
      return workflowId;
    } finally {
      await h.control.clearFaults();
      await api.stop();
    }
  });

  /** A scenario run while the emulator injects `faults`; they are cleared however it ends. */
  const scenarioUnderFaults = (name: string, faults: FaultSpec[], run: () => Promise<string>) =>
    scenario(name, async () => {
      for (const fault of faults) await h.control.addFault(fault);
      try {
        return await run();
      } finally {
        await h.control.clearFaults();
      }
    });

  const CREATE_UNAVAILABLE = { method: 'POST', path: '/2.0/sign_requests', status: 503, percent: 100 };
  const status = (workflowId: string) => h.client.workflow.getHandle(workflowId).query(statusQuery);

  scenarioUnderFaults('stuck-create-cancelled', [CREATE_UNAVAILABLE], async () => {
    const workflowId = await h.start(
      signRequest({ signers: [{ email: 'stuck.fixture@example.com', password: 'pw' }] }),
    );
    // One whole round first, so that the history holds a round that ran out and the wait before the next.
    await eventually(
      () => status(workflowId),
      (s) => (s.retrying?.attempts ?? 0) > 0,
      40_000,
    );
    await h.client.workflow.getHandle(workflowId).executeUpdate(cancelUpdate, { args: [{ reason: 'fixture' }] });
    await finish(h, workflowId);
    return workflowId;
  });

  scenarioUnderFaults(
    'stuck-create-found-and-cancelled',
    [
      { method: 'POST', path: '/2.0/sign_requests', kind: 'drop_after_commit', count: 1 },
      { method: 'GET', path: '/2.0/sign_requests', status: 503, percent: 100 },
    ],
    async () => {
      const workflowId = await h.start(
        signRequest({ signers: [{ email: 'lost.fixture@example.com', password: 'pw' }] }),
      );
      await eventually(
        () => h.control.findByExternalId(workflowId),
        (found) => found.length === 1,
      );
      const cancelling = h.client.workflow.getHandle(workflowId).executeUpdate(cancelUpdate, { args: [{}] });
      await eventually(
        () => status(workflowId),
        (s) => s.phase === 'cancelling',
      );
      await h.control.clearFaults();
      await cancelling;
      await finish(h, workflowId);
      return workflowId;
    },
  );

  scenarioUnderFaults('stuck-create-temporal-cancellation', [CREATE_UNAVAILABLE], async () => {
    const workflowId = await h.start(
      signRequest({ signers: [{ email: 'tstuck.fixture@example.com', password: 'pw' }] }),
    );
    await eventually(
      () => h.control.calls(),
      (calls) => calls.filter((c) => c.method === 'POST' && c.external_id === workflowId).length >= 2,
    );
    await h.client.workflow.getHandle(workflowId).cancel();
    await finish(h, workflowId);
    return workflowId;
  });

  scenarioUnderFaults('create-abandoned', [CREATE_UNAVAILABLE], async () => {
    const input = signRequest({ signers: [{ email: 'abandon.fixture@example.com', password: 'pw' }] });
    const workflowId = await h.start({ ...input, createTimeout: '10s' });
    await finish(h, workflowId);
    return workflowId;
  });

  scenario('expired', async () => {
    const workflowId = await h.start(
      signRequest({ daysValid: 1, signers: [{ email: 'exp.fixture@example.com', password: 'pw' }] }),
    );
    await boxRequestFor(h.control, workflowId);
    await h.control.advanceClock({ days: 2 });
    await finish(h, workflowId);
    return workflowId;
  });

  scenario('box-error-status', async () => {
    const workflowId = await h.start(signRequest({ signers: [{ email: 'err.fixture@example.com', password: 'pw' }] }));
    const id = await boxRequestFor(h.control, workflowId);
    await h.control.forceStatus(id, 'error_sending', 'fixture');
    await finish(h, workflowId);
    return workflowId;
  });

  scenario('invalid-input', async () => {
    const input: SignRequestInput = signRequest({ parentFolder: { id: '0' }, signers: [{ email: 'not-an-email' }] });
    const workflowId = `invalid-${uniqueKey('fixture')}`;
    await h.client.workflow.start(SIGN_REQUEST_WORKFLOW_TYPE, { workflowId, taskQueue: h.taskQueue, args: [input] });
    await finish(h, workflowId);
    return workflowId;
  });

  scenario('transient-box-errors-retried', async () => {
    const email = 'flaky.fixture@example.com';
    await h.control.addFault({ method: 'POST', path: '/2.0/sign_requests', status: 503, count: 1 });
    const workflowId = await h.start(signRequest({ signers: [{ email, password: 'pw' }] }));
    const id = await boxRequestFor(h.control, workflowId);
    await h.control.addFault({ method: 'GET', path: `/2.0/sign_requests/${id}`, status: 500, count: 2 });
    await h.control.addFault({
      method: 'GET',
      path: `/2.0/sign_requests/${id}`,
      status: 429,
      count: 1,
      retry_after_seconds: 1,
    });
    await statusReaches(h, workflowId, 'sent');
    await signAs(h, id, email, 'pw');
    await finish(h, workflowId);
    await h.control.clearFaults();
    return workflowId;
  });

  // create-retries-first: the first attempt fails alone (a 503), the retry round runs at the retried-create priority.
  scenario('create-retried-first', async () => {
    const email = 'retried.fixture@example.com';
    await h.control.addFault({ method: 'POST', path: '/2.0/sign_requests', status: 503, count: 1 });
    try {
      const workflowId = await h.start(signRequest({ signers: [{ email, password: 'pw' }] }));
      const id = await boxRequestFor(h.control, workflowId);
      await statusReaches(h, workflowId, 'sent');
      await signAs(h, id, email, 'pw');
      await finish(h, workflowId);
      return workflowId;
    } finally {
      await h.control.clearFaults();
    }
  });

  scenario('cancel-by-update', async () => {
    const workflowId = await h.start(
      signRequest({ signers: [{ email: 'cancel.fixture@example.com', password: 'pw' }] }),
    );
    await boxRequestFor(h.control, workflowId);
    await statusReaches(h, workflowId, 'sent');
    await h.client.workflow.getHandle(workflowId).executeUpdate(cancelUpdate, { args: [{ reason: 'fixture' }] });
    await finish(h, workflowId);
    return workflowId;
  });

  scenario('temporal-cancellation', async () => {
    const workflowId = await h.start(
      signRequest({ signers: [{ email: 'tcancel.fixture@example.com', password: 'pw' }] }),
    );
    await boxRequestFor(h.control, workflowId);
    await h.client.workflow.getHandle(workflowId).cancel();
    await finish(h, workflowId);
    return workflowId;
  });

  scenario('deadline', async () => {
    const deadline = new Date(Date.now() + 2_000).toISOString();
    const workflowId = await h.start(
      signRequest({ deadline, signers: [{ email: 'deadline.fixture@example.com', password: 'pw' }] }),
    );
    await finish(h, workflowId);
    return workflowId;
  });

  // Passes the legacy rules, fails the strict ones (a `/` in the business key, unknown fields): proves that a run
  // started before the strict-input-schema patch still replays and ends as it did. Captured before that patch; the
  // client now refuses this input, so the file can be kept but not re-captured.
  scenario('legacy-lenient-input-signed', async () => {
    const email = 'lenient.fixture@example.com';
    const signer = { email, password: 'pw', nickname: 'not a known field' };
    const input = {
      ...signRequest({ signers: [signer] }),
      businessKey: `${uniqueKey('fixture')}/part:2`,
      note: 'extra',
    };
    const workflowId = await h.start(input);
    const id = await boxRequestFor(h.control, workflowId);
    await signAs(h, id, email, 'pw');
    await finish(h, workflowId);
    return workflowId;
  });

  // After the strict-input-schema patch: the workflow records the patch marker, then judges with the strict rules.
  scenario('strict-input-signed', async () => {
    const email = 'strict.fixture@example.com';
    const workflowId = await h.start(signRequest({ signers: [{ email, password: 'pw' }] }));
    const id = await boxRequestFor(h.control, workflowId);
    await signAs(h, id, email, 'pw');
    await finish(h, workflowId);
    return workflowId;
  });

  scenario('strict-input-rejected', async () => {
    const signer = { email: 'strict.rejected@example.com', password: 'pw', nickname: 'not a known field' };
    const input = { ...signRequest({ signers: [signer] }), businessKey: `${uniqueKey('fixture')}/part` };
    const workflowId = `invalid-${uniqueKey('fixture')}`;
    await h.client.workflow.start(SIGN_REQUEST_WORKFLOW_TYPE, { workflowId, taskQueue: h.taskQueue, args: [input] });
    await finish(h, workflowId);
    return workflowId;
  });

  // Since recorded-input-verdict: the validateInput local activity's answer is a marker in history.
  scenario('recorded-verdict-signed', async () => {
    const email = 'verdict.fixture@example.com';
    const workflowId = await h.start(signRequest({ signers: [{ email, password: 'pw' }] }));
    const id = await boxRequestFor(h.control, workflowId);
    await signAs(h, id, email, 'pw');
    await finish(h, workflowId);
    return workflowId;
  });

  // Since status-memo: each change of the state is a memo upsert (what the API and the CLI read with describe).
  // Run by the code that deprecated ignore-repeated-box-events (its marker recorded as deprecated), kept: it shows that
  // removing the deprecatePatch call replays such runs. Captured again today, it has no marker at all.
  scenario('webhook-signal-repeated-deprecated-patch', () => sameEventSignalledTwice(h));

  scenario('status-memo-signed', async () => {
    const email = 'memo.fixture@example.com';
    const workflowId = await h.start(signRequest({ signers: [{ email, password: 'pw' }] }));
    const id = await boxRequestFor(h.control, workflowId);
    await signAs(h, id, email, 'pw');
    await finish(h, workflowId);
    return workflowId;
  });

  scenario('recorded-verdict-rejected', async () => {
    const signer = { email: 'verdict.rejected@example.com', password: 'pw', nickname: 'not a known field' };
    const input = { ...signRequest({ signers: [signer] }), parentFolder: { id: '0' } };
    const workflowId = `invalid-${uniqueKey('fixture')}`;
    await h.client.workflow.start(SIGN_REQUEST_WORKFLOW_TYPE, { workflowId, taskQueue: h.taskQueue, args: [input] });
    await finish(h, workflowId);
    return workflowId;
  });

  scenario('webhook-signal', async () => {
    const email = 'hook.fixture@example.com';
    const polling = { initialIntervalMs: 600_000, backoffCoefficient: 1, maximumIntervalMs: 600_000 };
    const workflowId = await h.start(signRequest({ polling, signers: [{ email, password: 'pw' }] }));
    const id = await boxRequestFor(h.control, workflowId);
    await signAs(h, id, email, 'pw');
    await eventually(
      () => h.control.request(id),
      (r) => r.sign_request.status === 'signed',
    );
    const notice = {
      eventId: 'fixture-event',
      trigger: 'SIGN_REQUEST.COMPLETED',
      signRequestId: id,
      receivedAt: new Date().toISOString(),
    };
    await h.client.workflow.getHandle(workflowId).signal(boxEventSignal, notice);
    await finish(h, workflowId);
    return workflowId;
  });

  // The routing of a webhook event without external_id (workflows/route-box-event.ts): the owner look-up, then the
  // signal to the request's workflow. The history saved is the routing workflow's.
  scenario('route-box-event-signalled', async () => {
    const polling = { initialIntervalMs: 600_000, backoffCoefficient: 1, maximumIntervalMs: 600_000 };
    const email = 'route.fixture@example.com';
    const target = await h.start({
      ...signRequest({ polling, signers: [{ email, password: 'pw' }] }),
      sender: { boxUserId: FIXTURE_SENDER },
    });
    const id = await boxRequestFor(h.control, target);
    const notice = { eventId: 'fixture-route', trigger: 'SIGN_REQUEST.SIGNER_SIGNED', signRequestId: id };
    const route = await h.client.workflow.start('routeBoxEventWorkflow', {
      workflowId: boxEventRouteWorkflowId(`fixture-route-${target}`),
      taskQueue: h.taskQueue,
      args: [{ notice: { ...notice, receivedAt: new Date().toISOString() }, createdById: FIXTURE_SENDER }],
    });
    await route.result();
    await h.client.workflow.getHandle(target).terminate('fixture captured');
    return route.workflowId;
  });

  // After the ignore-repeated-box-events patch: the repeat leaves a patch marker and no second confirming GET.
  // After the settle-accepted-updates patch: the queued cancel is refused (a patch marker, then its completion).
  scenario('cancel-while-confirming-signed', () => cancelWhileConfirmingSigned(h));

  // After the refusal-looks-at-box patch: a cancel taken while a poll was held, Box refuses it (signed meanwhile), one
  // GET says why, and the cancel is refused as already finished.
  scenario('cancel-refused-after-signed', async () => {
    const email = 'refused.fixture@example.com';
    const polling = { initialIntervalMs: 300, backoffCoefficient: 1, maximumIntervalMs: 300 };
    const workflowId = await h.start(signRequest({ polling, signers: [{ email, password: 'pw' }] }));
    const id = await boxRequestFor(h.control, workflowId);
    await statusReaches(h, workflowId, 'sent');
    const held = await h.control.addFault({
      kind: 'latency',
      delay_ms: 2_000,
      method: 'GET',
      path: `/2.0/sign_requests/${id}`,
      count: 1,
    });
    await eventually(
      () => h.control.faults(),
      (faults) => !faults.some((f) => f.id === held.id && f.applied === 0),
    );
    await signAs(h, id, email, 'pw');
    await h.client.workflow
      .getHandle(workflowId)
      .executeUpdate(cancelUpdate, { args: [{}] })
      .catch(() => undefined);
    await finish(h, workflowId);
    return workflowId;
  });

  it(
    'continue-as-new',
    async () => {
      if (!shouldCapture('continue-as-new.first-run')) return;
      const signers = Array.from({ length: 6 }, (_, i) => ({
        email: `can${i}.fixture@example.com`,
        order: i + 1,
        password: `pw${i}`,
      }));
      const workflowId = await h.start(signRequest({ signers, maxHistoryEventsPerRun: 50 }));
      const id = await boxRequestFor(h.control, workflowId);
      for (const signer of signers) {
        await eventually(
          () => h.client.workflow.getHandle(workflowId).query(statusQuery),
          (s) => s.signers.find((x) => x.email === signer.email)?.progress === 'invited',
        );
        await signAs(h, id, signer.email, signer.password);
      }
      await finish(h, workflowId);
      const description = await h.client.workflow.getHandle(workflowId).describe();
      await saveHistory(
        h.client,
        'continue-as-new.first-run',
        workflowId,
        description.raw.workflowExecutionInfo?.firstRunId ?? '',
      );
      await saveHistory(h.client, 'continue-as-new.last-run', workflowId, description.runId);
    },
    SCENARIO_TIMEOUT,
  );
});

describe('capture replay histories (completion callbacks)', () => {
  const secret = generateCallbackSecret();
  let h: Harness;
  let receiver: CallbackReceiver;
  beforeAll(async () => {
    receiver = await startCallbackReceiver(secret);
    h = await startHarness({
      keyRing: FIXTURE_KEY_RING,
      callbacks: { secretFor: (name) => (name === 'fixture-client' ? secret : undefined), allowHosts: ['127.0.0.1'] },
    });
  }, 60_000);
  afterAll(async () => {
    await h?.teardown();
    await receiver?.stop();
  });

  it(
    'callback-signer-events-signed',
    async () => {
      if (!shouldCapture('callback-signer-events-signed')) return;
      // The outcome event is refused once (503), then accepted: the history shows one retried delivery.
      receiver.answer = ({ body, attempt }) => (body.includes('"sign_request.signed"') && attempt === 1 ? 503 : 200);
      const signers = [
        { email: 'cb1.fixture@example.com', order: 1, password: 'pw1' },
        { email: 'cb2.fixture@example.com', order: 2, password: 'pw2' },
      ];
      const input = {
        ...signRequest({ signers }),
        callback: { url: receiver.url, events: ['signer.signed' as const] },
      };
      const { workflowId } = await startAsFixtureClient(h, input);
      const id = await boxRequestFor(h.control, workflowId);
      for (const signer of signers) {
        await eventually(
          () => h.client.workflow.getHandle(workflowId).query(statusQuery),
          (s) => s.signers.find((x) => x.email === signer.email)?.progress === 'invited',
        );
        await signAs(h, id, signer.email, signer.password);
      }
      await finish(h, workflowId);
      await saveHistory(h.client, 'callback-signer-events-signed', workflowId);
    },
    SCENARIO_TIMEOUT,
  );

  // After the outcome-survives-cancellation patch: cancelled in Temporal while the outcome's callback was retried,
  // the workflow still completes signed and delivers the event.
  it(
    'callback-outcome-temporal-cancellation',
    async () => {
      if (!shouldCapture('callback-outcome-temporal-cancellation')) return;
      let down = true;
      receiver.answer = () => (down ? 503 : 200);
      const email = 'cbcancel.fixture@example.com';
      const input = { ...signRequest({ signers: [{ email, password: 'pw' }] }), callback: { url: receiver.url } };
      const { workflowId } = await startAsFixtureClient(h, input);
      const handle = h.client.workflow.getHandle(workflowId);
      const id = await boxRequestFor(h.control, workflowId);
      await signAs(h, id, email, 'pw');
      await eventually(
        () => handle.query(statusQuery),
        (s) => s.outcome === 'signed' && s.callback?.state === 'delivering',
      );
      await eventually(
        () => Promise.resolve(receiver.received.filter((r) => r.body.includes(JSON.stringify(workflowId)))),
        (received) => received.length >= 1,
      );
      await handle.cancel();
      down = false;
      await finish(h, workflowId);
      await saveHistory(h.client, 'callback-outcome-temporal-cancellation', workflowId);
    },
    SCENARIO_TIMEOUT,
  );

  /** Evidence out (patch evidence-out): a phone- and a password-verified signer sign, one with an input, one with an
   * attachment; the evidence is collected before the outcome callback, whose first download Box answers 503. */
  it(
    'evidence-signed',
    async () => {
      if (!shouldCapture('evidence-signed')) return;
      const [phone, password] = ['evidence.phone.fixture@example.com', 'evidence.password.fixture@example.com'];
      const input = {
        ...signRequest({
          isPhoneVerificationRequiredToView: true,
          signers: [
            { email: phone, verificationPhoneNumber: '+15550000021', order: 1 },
            { email: password, password: 'throwaway-evidence-pw', order: 1 },
          ],
        }),
        callback: { url: receiver.url },
      };
      const { workflowId } = await startAsFixtureClient(h, input);
      const id = await boxRequestFor(h.control, workflowId);
      await h.control.addFault({ kind: 'error', status: 503, method: 'GET', path: '/content', count: 1 });
      await h.control.signer(id, phone, 'view');
      await h.control.signer(id, phone, 'verify', { code: await h.control.latestCode(id, phone) });
      await h.control.signer(id, phone, 'sign', { inputs: [{ type: 'text', text_value: 'fixture text' }] });
      await h.control.signer(id, password, 'verify', { password: 'throwaway-evidence-pw' });
      await h.control.signer(id, password, 'view');
      await h.control.signer(id, password, 'sign', {
        attachments: [{ name: 'fixture.txt', content_base64: Buffer.from('fixture').toString('base64') }],
      });
      await finish(h, workflowId);
      await h.control.clearFaults();
      await saveHistory(h.client, 'evidence-signed', workflowId);
    },
    SCENARIO_TIMEOUT,
  );

  /** The evidence misses the outcome's 1 s wait (Box fails the downloads a few times): the outcome callback goes
   * without documents, then sign_request.documents_ready with them. */
  it(
    'evidence-late-documents-ready',
    async () => {
      if (!shouldCapture('evidence-late-documents-ready')) return;
      const email = 'evidence.late.fixture@example.com';
      const input = {
        ...signRequest({ signers: [{ email, password: 'pw' }] }),
        callback: { url: receiver.url },
        evidence: { wait: '1s' },
      };
      const { workflowId } = await startAsFixtureClient(h, input);
      const id = await boxRequestFor(h.control, workflowId);
      await h.control.addFault({ kind: 'error', status: 503, method: 'GET', path: '/content', count: 3 });
      await signAs(h, id, email, 'pw');
      await finish(h, workflowId);
      await h.control.clearFaults();
      await saveHistory(h.client, 'evidence-late-documents-ready', workflowId);
    },
    SCENARIO_TIMEOUT,
  );

  /** A declined request: only its signing log is collected (nothing was signed). */
  it(
    'evidence-declined',
    async () => {
      if (!shouldCapture('evidence-declined')) return;
      const email = 'evidence.declined.fixture@example.com';
      const input = { ...signRequest({ signers: [{ email, password: 'pw' }] }), callback: { url: receiver.url } };
      const { workflowId } = await startAsFixtureClient(h, input);
      const id = await boxRequestFor(h.control, workflowId);
      await h.control.signer(id, email, 'verify', { password: 'pw' });
      await h.control.signer(id, email, 'decline', { reason: 'fixture decline' });
      await finish(h, workflowId);
      await saveHistory(h.client, 'evidence-declined', workflowId);
    },
    SCENARIO_TIMEOUT,
  );
});

/** The last commit before completion callbacks: its workflows ignored `callback`. */
const BEFORE_CALLBACKS_COMMIT = '901309ac9940ffbcec135782b9a47ef146ecec25';

/** A commit's workflow code (and the folders it imports beyond contracts/), extracted under lib/ (git-ignored) so that the bundler finds node_modules. */
function workflowsAt(commit: string, name: string, alsoNeeded: string[] = []): string {
  const root = join(__dirname, '..', '..', '..');
  const dir = join(root, 'lib', 'replay-capture', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const archive = execFileSync('git', ['archive', commit, 'workflows', 'contracts', ...alsoNeeded], { cwd: root });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  return join(dir, 'workflows');
}

describe('capture replay histories (a callback, run by the code from before callbacks)', () => {
  it(
    'callback-before-callbacks',
    async () => {
      if (!shouldCapture('callback-before-callbacks')) return;
      const workflowsPath = workflowsAt(BEFORE_CALLBACKS_COMMIT, 'before-callbacks');
      const h = await startHarness({ keyRing: FIXTURE_KEY_RING, workflowBundle: () => bundleFor(workflowsPath) });
      try {
        const email = 'old.cb.fixture@example.com';
        const input = {
          ...signRequest({ signers: [{ email, password: 'pw' }] }),
          callback: { url: 'http://127.0.0.1:9/x' },
        };
        const { workflowId } = await startAsFixtureClient(h, input);
        const id = await boxRequestFor(h.control, workflowId);
        await signAs(h, id, email, 'pw');
        await finish(h, workflowId);
        await saveHistory(h.client, 'callback-before-callbacks', workflowId);
      } finally {
        await h.teardown();
      }
    },
    SCENARIO_TIMEOUT,
  );
});

describe('capture replay histories (Box converting for longer than the workflow looks)', () => {
  // After the cancel-looks-at-box-first patch: a cancel while the workflow still thinks `converting` looks at Box
  // (one GET: Box has sent it meanwhile) and cancels at once.
  it(
    'cancel-while-converting',
    async () => {
      if (!shouldCapture('cancel-while-converting')) return;
      const h = await startHarness({ keyRing: FIXTURE_KEY_RING, emulator: { conversionDelayMs: 2_000 } });
      try {
        const polling = { initialIntervalMs: 600_000, backoffCoefficient: 1, maximumIntervalMs: 600_000 };
        const workflowId = await h.start(
          signRequest({ polling, signers: [{ email: 'converting.fixture@example.com', password: 'pw' }] }),
        );
        await boxRequestFor(h.control, workflowId);
        await statusReaches(h, workflowId, 'converting');
        await h.client.workflow.getHandle(workflowId).executeUpdate(cancelUpdate, { args: [{ reason: 'fixture' }] });
        await finish(h, workflowId);
        await saveHistory(h.client, 'cancel-while-converting', workflowId);
      } finally {
        await h.teardown();
      }
    },
    SCENARIO_TIMEOUT,
  );
});

/** The last commit before every accepted update was answered: a cancel queued when the request ended was dropped. */
const BEFORE_SETTLED_UPDATES_COMMIT = '5f59c36f5e8b682a2a9c751cf8734da81f74571b';

describe('capture replay histories (a cancel at the moment the request ends, run by the code that dropped it)', () => {
  it(
    'cancel-while-confirming-signed-before-settling',
    async () => {
      if (!shouldCapture('cancel-while-confirming-signed-before-settling')) return;
      const workflowsPath = workflowsAt(BEFORE_SETTLED_UPDATES_COMMIT, 'before-settled-updates', ['metrics']);
      const h = await startHarness({ keyRing: FIXTURE_KEY_RING, workflowBundle: () => bundleFor(workflowsPath) });
      try {
        await saveHistory(
          h.client,
          'cancel-while-confirming-signed-before-settling',
          await cancelWhileConfirmingSigned(h),
        );
      } finally {
        await h.teardown();
      }
    },
    SCENARIO_TIMEOUT,
  );
});

describe('capture replay histories (time-skipping server)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ keyRing: FIXTURE_KEY_RING, timeSkipping: true });
  }, 60_000);
  afterAll(() => h?.teardown());

  it(
    'resend',
    async () => {
      if (!shouldCapture('resend')) return;
      const email = 'resend.fixture@example.com';
      const workflowId = await h.start(signRequest({ polling: undefined, signers: [{ email, password: 'pw' }] }));
      const id = await boxRequestFor(h.control, workflowId);
      await h.testEnv.sleep('11 minutes');
      await h.control.advanceClock({ ms: 11 * 60_000 });
      await h.client.workflow.getHandle(workflowId).executeUpdate(resendUpdate);
      await signAs(h, id, email, 'pw');
      await finish(h, workflowId);
      await saveHistory(h.client, 'resend', workflowId);
    },
    SCENARIO_TIMEOUT,
  );

  it(
    'reminders',
    async () => {
      if (!shouldCapture('reminders')) return;
      const email = 'remind.fixture@example.com';
      const workflowId = await h.start(
        signRequest({
          polling: undefined,
          reminderPolicy: { afterDays: 2, maxReminders: 2 },
          signers: [{ email, password: 'pw' }],
        }),
      );
      const id = await boxRequestFor(h.control, workflowId);
      for (let day = 0; day < 6; day++) {
        await h.testEnv.sleep('1 day');
        await h.control.advanceClock({ days: 1 });
      }
      await signAs(h, id, email, 'pw');
      await finish(h, workflowId);
      await saveHistory(h.client, 'reminders', workflowId);
    },
    SCENARIO_TIMEOUT,
  );
});

/** The last commit before the signer-journey patch (issue 26). */
const BEFORE_JOURNEY_COMMIT = 'a2bca7c3b19e91c85bafdff8085144326b56645a';

/**
 * Two signers in order, a callback asking for the whole journey; signer 1's invitation bounces (the notice the
 * receiver passes on for Box's SIGN_REQUEST.SIGNER_EMAIL_BOUNCED), then both sign. Code from before the journey
 * confirms the bounce with a GET and tells only the signatures; the journey's code tells turns, views and the bounce.
 */
async function journeyWithBounce(h: Harness, receiver: CallbackReceiver): Promise<string> {
  receiver.answer = () => 200;
  const signers = [
    { email: 'journey1.fixture@example.com', order: 1, password: 'pw1' },
    { email: 'journey2.fixture@example.com', order: 2, password: 'pw2' },
  ];
  const events = ['signer.invited', 'signer.viewed', 'signer.email_bounced', 'signer.signed'] as const;
  const input = { ...signRequest({ signers }), callback: { url: receiver.url, events: [...events] } };
  const { workflowId } = await startAsFixtureClient(h, input);
  const handle = h.client.workflow.getHandle(workflowId);
  const id = await boxRequestFor(h.control, workflowId);
  const invited = (email: string) =>
    eventually(
      () => handle.query(statusQuery),
      (s) => s.signers.find((x) => x.email === email)?.progress === 'invited',
    );
  await invited(signers[0]!.email);
  await handle.signal(boxEventSignal, {
    eventId: 'fixture-bounce-event',
    trigger: 'SIGN_REQUEST.SIGNER_EMAIL_BOUNCED',
    signRequestId: id,
    receivedAt: new Date().toISOString(),
    signerEmails: [signers[0]!.email],
  });
  await eventually(
    () => handle.query(statusQuery),
    (s) => s.boxEvents === 1 || (s.problem ?? null) !== null,
  );
  await signAs(h, id, signers[0]!.email, signers[0]!.password);
  await invited(signers[1]!.email);
  await signAs(h, id, signers[1]!.email, signers[1]!.password);
  await finish(h, workflowId);
  return workflowId;
}

describe('capture replay histories (the signer journey, issue 26)', () => {
  const secret = generateCallbackSecret();
  let receiver: CallbackReceiver;
  const callbacks = {
    secretFor: (name: string) => (name === 'fixture-client' ? secret : undefined),
    allowHosts: ['127.0.0.1'],
  };
  beforeAll(async () => {
    receiver = await startCallbackReceiver(secret);
  });
  afterAll(() => receiver?.stop());

  it(
    'journey-bounce-before-journey',
    async () => {
      if (!shouldCapture('journey-bounce-before-journey')) return;
      const workflowsPath = workflowsAt(BEFORE_JOURNEY_COMMIT, 'before-journey', ['metrics']);
      const h = await startHarness({
        keyRing: FIXTURE_KEY_RING,
        callbacks,
        workflowBundle: () => bundleFor(workflowsPath),
      });
      try {
        await saveHistory(h.client, 'journey-bounce-before-journey', await journeyWithBounce(h, receiver));
      } finally {
        await h.teardown();
      }
    },
    SCENARIO_TIMEOUT,
  );

  it(
    'journey-bounce',
    async () => {
      if (!shouldCapture('journey-bounce')) return;
      const h = await startHarness({ keyRing: FIXTURE_KEY_RING, callbacks });
      try {
        await saveHistory(h.client, 'journey-bounce', await journeyWithBounce(h, receiver));
      } finally {
        await h.teardown();
      }
    },
    SCENARIO_TIMEOUT,
  );

  // After the reissue patch: signer 1's invitation bounces, the request is reissued with the corrected address (the
  // first Box request cancelled, a second under `<workflowId>#r2`), a retry of the same reissue does nothing, and the
  // corrected signer signs.
  it(
    'reissued',
    async () => {
      if (!shouldCapture('reissued')) return;
      const h = await startHarness({ keyRing: FIXTURE_KEY_RING, callbacks });
      try {
        receiver.answer = () => 200;
        const wrong = 'wrong.fixture@example.invalid';
        const right = { email: 'right.fixture@example.com', password: 'pw-corrected' };
        const events = ['signer.invited', 'signer.email_bounced', 'sign_request.reissued'] as const;
        const input = {
          ...signRequest({ signers: [{ email: wrong, password: 'pw1' }] }),
          callback: { url: receiver.url, events: [...events] },
        };
        const { workflowId } = await startAsFixtureClient(h, input);
        const handle = h.client.workflow.getHandle(workflowId);
        const id = await boxRequestFor(h.control, workflowId);
        await eventually(
          () => handle.query(statusQuery),
          (s) => s.signers.find((x) => x.email === wrong)?.progress === 'invited',
        );
        await handle.signal(boxEventSignal, {
          eventId: 'fixture-reissue-bounce',
          trigger: 'SIGN_REQUEST.SIGNER_EMAIL_BOUNCED',
          signRequestId: id,
          receivedAt: new Date().toISOString(),
          signerEmails: [wrong],
        });
        await eventually(
          () => handle.query(statusQuery),
          (s) => (s.problem ?? null) !== null,
        );
        const reissue = () =>
          prepareReissue(h.client, workflowId, [right], {
            sealing: h.sealing,
            apiClient: 'fixture-client',
            startBinding: h.startBinding,
          }).then(({ request, updateId }) => handle.executeUpdate(reissueUpdate, { args: [request], updateId }));
        const round = await reissue();
        await reissue();
        await eventually(
          () => handle.query(statusQuery),
          (s) => s.signers.find((x) => x.email === right.email)?.progress === 'invited',
        );
        await signAs(h, round.signRequestId, right.email, right.password);
        await finish(h, workflowId);
        await saveHistory(h.client, 'reissued', workflowId);
      } finally {
        await h.teardown();
      }
    },
    SCENARIO_TIMEOUT,
  );

  // After the callback-event-feed patch: every event kept in the feed (memo), one refused (410) and redelivered.
  it(
    'callback-feed-redelivered',
    async () => {
      if (!shouldCapture('callback-feed-redelivered')) return;
      const h = await startHarness({ keyRing: FIXTURE_KEY_RING, callbacks });
      try {
        let refusing = true;
        receiver.answer = ({ body }) => (refusing && body.includes('"signer.signed"') ? 410 : 200);
        const signers = [
          { email: 'feed1.fixture@example.com', order: 1, password: 'pw1' },
          { email: 'feed2.fixture@example.com', order: 2, password: 'pw2' },
        ];
        const input = {
          ...signRequest({ signers }),
          callback: { url: receiver.url, events: ['signer.signed' as const] },
        };
        const { workflowId } = await startAsFixtureClient(h, input);
        const handle = h.client.workflow.getHandle(workflowId);
        const id = await boxRequestFor(h.control, workflowId);
        await signAs(h, id, signers[0]!.email, signers[0]!.password);
        const failed = await eventually(
          () => handle.query(statusQuery),
          (s) => (s.feed ?? []).some((e) => e.type === 'signer.signed' && e.delivery === 'failed'),
        );
        refusing = false;
        const lost = failed.feed!.find((e) => e.type === 'signer.signed')!;
        await redeliverEvent(h.client, workflowId, lost.seq);
        await eventually(
          () => handle.query(statusQuery),
          (s) => s.feed?.find((e) => e.webhookId === lost.webhookId)?.delivery === 'delivered',
        );
        await eventually(
          () => handle.query(statusQuery),
          (s) => s.signers.find((x) => x.email === signers[1]!.email)?.progress === 'invited',
        );
        await signAs(h, id, signers[1]!.email, signers[1]!.password);
        await finish(h, workflowId);
        await saveHistory(h.client, 'callback-feed-redelivered', workflowId);
      } finally {
        await h.teardown();
      }
    },
    SCENARIO_TIMEOUT,
  );
});
