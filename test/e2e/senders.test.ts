import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  InvalidSignRequestInputError,
  cancelSignRequest,
  getSignRequestStatus,
  resendSignRequest,
  signRequestStartOptions,
  startSignRequest,
  startSignRequests,
} from '../../client';
import type { SignRequestInput } from '../../contracts';
import {
  BoxSender,
  ErrorType,
  SIGN_REQUEST_WORKFLOW_TYPE,
  boxEventSignal,
  senderNotAllowedRule,
  statusQuery,
} from '../../contracts';
import { BoxApiError } from '../../box/errors';
import { createBoxSignClient } from '../../box/sign-client';
import { emulatorBoxConfig } from '../../scripts/emulator/box-config';
import { EMULATOR_USERS } from 'box-sign-emulator';
import type { EchoingBoxProxy, ProxiedCall } from '../support/echoing-box-proxy';
import { startEchoingBoxProxy } from '../support/echoing-box-proxy';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { BUILT, runBuilt } from '../support/run-built';
import { boxRequestFor, eventually } from '../support/signers';

const HR = '20001';
const SALES = '20002';

const CREATE = { method: 'POST', path: '/2.0/sign_requests' };
const LIST = { method: 'GET', path: '/2.0/sign_requests' };
const UNAVAILABLE = { status: 503, code: 'unavailable', percent: 100 };

/** A harness whose worker reaches the emulator through the recording proxy: every call with its `as-user`. */
async function proxiedHarness(options: { timeSkipping?: boolean } = {}) {
  const proxy = await startEchoingBoxProxy();
  const h = await startHarness({
    ...options,
    allowedSenders: [HR],
    box: (emulatorUrl) => {
      proxy.forwardTo(emulatorUrl);
      return emulatorBoxConfig(proxy.url, 5_000);
    },
  });
  return { h, proxy };
}

const boxCalls = (calls: ProxiedCall[]) => calls.filter((call) => call.path.startsWith('/2.0/'));
const kinds = (calls: ProxiedCall[], id: string) =>
  new Set(
    calls
      .map((call) => `${call.method} ${call.path.replace(id, '{id}')}`)
      .filter((kind) => !kind.includes('/2.0/users')),
  );

function asHr(overrides: Partial<SignRequestInput> = {}, email = 'hr-signer@example.com'): SignRequestInput {
  return { ...signRequest({ signers: [{ email, password: 'pw' }] }), sender: { boxUserId: HR }, ...overrides };
}

describe('a request with a sender: every Box call of its life goes as that user (time-skipping server)', () => {
  let h: Harness;
  let proxy: EchoingBoxProxy;
  beforeAll(async () => {
    ({ h, proxy } = await proxiedHarness({ timeSkipping: true }));
  }, 60_000);
  afterAll(async () => {
    await h?.teardown();
    await proxy?.stop();
  });

  it('create (after an adoption look-up), polls, a webhook-confirming GET, resend and cancel all carry as-user 20001', async () => {
    // The first create fails ambiguously: the retry first looks for it in Box's list, then creates.
    await h.control.addFault({ ...CREATE, status: 500, count: 1 });
    const mark = proxy.calls().length;
    const workflowId = await h.start(asHr());
    const id = await boxRequestFor(h.control, workflowId);
    const handle = h.client.workflow.getHandle(workflowId);
    await eventually(
      () => handle.query(statusQuery),
      (s) => s.boxStatus === 'sent',
    );

    await handle.signal(boxEventSignal, {
      eventId: 'evt-sender-1',
      trigger: 'SIGN_REQUEST.SIGNER_VIEWED',
      signRequestId: id,
      receivedAt: new Date().toISOString(),
    });
    await eventually(
      () => handle.query(statusQuery),
      (s) => s.boxEvents === 1,
    );
    await h.testEnv.sleep('11 minutes');
    await h.control.advanceClock({ ms: 11 * 60_000 });
    expect((await resendSignRequest(h.client, workflowId)).resendsDone).toBe(1);
    expect(await cancelSignRequest(h.client, workflowId, 'sender test')).toEqual({
      signRequestId: id,
      status: 'cancelled',
    });
    expect((await h.result(workflowId)).outcome).toBe('cancelled');

    const calls = boxCalls(proxy.calls().slice(mark));
    expect(kinds(calls, id)).toEqual(
      new Set([
        'POST /2.0/sign_requests',
        'GET /2.0/sign_requests',
        'GET /2.0/sign_requests/{id}',
        'POST /2.0/sign_requests/{id}/resend',
        'POST /2.0/sign_requests/{id}/cancel',
      ]),
    );
    expect(calls.filter((call) => call.asUser !== HR)).toEqual([]);
    const onBox = await h.control.request(id);
    expect(onBox.resend_count).toBe(1);
    expect(onBox.sign_request.status).toBe('cancelled');
  }, 300_000);
});

describe('a request with a sender on the dev server', () => {
  let h: Harness;
  let proxy: EchoingBoxProxy;
  beforeAll(async () => {
    ({ h, proxy } = await proxiedHarness());
  }, 60_000);
  afterEach(() => h.control.clearFaults());
  afterAll(async () => {
    await h?.teardown();
    await proxy?.stop();
  });

  it('a create given up: the reconcile looks for it in the sender’s list, as the sender', async () => {
    await h.control.addFault({ ...CREATE, ...UNAVAILABLE });
    const mark = proxy.calls().length;
    const workflowId = await h.start(asHr({}, 'reconcile@example.com'));
    await eventually(
      () => Promise.resolve(boxCalls(proxy.calls().slice(mark)).filter((c) => c.method === 'POST')),
      (creates) => creates.length >= 2,
    );

    expect(await cancelSignRequest(h.client, workflowId, 'giving up')).toEqual({
      signRequestId: null,
      status: 'cancelled',
    });
    expect((await h.result(workflowId)).outcome).toBe('cancelled');
    const calls = boxCalls(proxy.calls().slice(mark));
    // The round in flight finishes first; the last call is the reconcile's look-up in the sender's list.
    expect(calls[calls.length - 1]).toEqual({ ...LIST, asUser: HR });
    expect(calls.filter((call) => call.asUser !== HR)).toEqual([]);
  }, 60_000);

  it('BoxSender and state.sender name the sender; the Web UI summary too; a request without one has neither', async () => {
    const mark = proxy.calls().length;
    const named = await h.start(asHr({}, 'named@example.com'));
    const plain = await h.start(signRequest({ signers: [{ email: 'plain@example.com', password: 'pw' }] }));
    await boxRequestFor(h.control, named);
    const plainId = await boxRequestFor(h.control, plain);

    const description = await h.client.workflow.getHandle(named).describe();
    expect(description.typedSearchAttributes.get(BoxSender)).toBe(HR);
    expect(await description.staticSummary()).toContain(`sender ${HR}`);
    const found = await eventually(
      async () => {
        const ids: string[] = [];
        for await (const wf of h.client.workflow.list({ query: `BoxSender = '${HR}' AND WorkflowId = '${named}'` }))
          ids.push(wf.workflowId);
        return ids;
      },
      (ids) => ids.length === 1,
    );
    expect(found).toEqual([named]);
    expect((await getSignRequestStatus(h.client, named)).sender).toBe(HR);

    expect((await h.client.workflow.getHandle(plain).describe()).typedSearchAttributes.get(BoxSender)).toBeUndefined();
    expect((await getSignRequestStatus(h.client, plain)).sender).toBeNull();
    // The default identity: no as-user on any call of the request without a sender.
    const plainCalls = await eventually(
      () => Promise.resolve(boxCalls(proxy.calls().slice(mark)).filter((call) => call.path.includes(plainId))),
      (calls) => calls.length > 0,
    );
    expect(plainCalls.filter((call) => call.asUser !== null)).toEqual([]);
    for (const workflowId of [named, plain]) await h.client.workflow.getHandle(workflowId).terminate('test cleanup');
  });

  it('Box owns the request as the sender: 20001 is its sender, and another user (20002) cannot see it', async () => {
    const workflowId = await h.start(asHr({}, 'owned@example.com'));
    const id = await boxRequestFor(h.control, workflowId);
    const onBox = await h.control.request(id);
    expect(String(onBox.sign_request.sender_id)).toBe(HR);
    const hrLogin = EMULATOR_USERS.find((user) => user.id === HR)?.login;
    expect(onBox.sign_request.sender_email).toBe(hrLogin);
    const ofRequest = (await h.control.calls()).filter(
      (call) => call.external_id === workflowId || call.path.includes(id),
    );
    expect(ofRequest.length).toBeGreaterThan(0);
    expect(ofRequest.filter((call) => call.user_id !== HR)).toEqual([]);

    // Our own Box client, straight at the emulator: as 20002 the request does not exist; as 20001 it does.
    const box = createBoxSignClient(emulatorBoxConfig(h.emulator.url, 5_000));
    const asSales = await box.getSignRequest(id, { asUser: SALES }).catch((err: unknown) => err);
    expect(asSales).toBeInstanceOf(BoxApiError);
    expect((asSales as BoxApiError).status).toBe(404);
    const salesList = await box.listSignRequests({ limit: 1000 }, { asUser: SALES });
    expect(salesList.entries.map((entry) => entry.id)).not.toContain(id);
    expect((await box.getSignRequest(id, { asUser: HR })).id).toBe(id);
    await h.client.workflow.getHandle(workflowId).terminate('test cleanup');
  });

  it('the library refuses an unlisted sender before anything starts, naming sender.boxUserId', async () => {
    const input = asHr({ sender: { boxUserId: SALES } }, 'unlisted@example.com');
    const mark = proxy.calls().length;
    const failure = await startSignRequest(h.client, input, {
      taskQueue: h.taskQueue,
      sealing: h.sealing,
      allowedSenders: [HR],
    }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(InvalidSignRequestInputError);
    expect((failure as InvalidSignRequestInputError).issues).toEqual([
      { field: 'sender.boxUserId', rule: senderNotAllowedRule('deployment') },
    ]);
    expect((failure as Error).message).not.toContain(HR);
    await expect(
      h.client.workflow.getHandle(signRequestStartOptions(input, { sealing: h.sealing }).workflowId).describe(),
    ).rejects.toBeInstanceOf(WorkflowNotFoundError);

    // BOX_SIGN_ALLOWED_SENDERS unset: no sender may be named at all.
    const unset = await startSignRequest(h.client, asHr({}, 'unset@example.com'), {
      taskQueue: h.taskQueue,
      sealing: h.sealing,
    }).catch((err: unknown) => err);
    expect((unset as InvalidSignRequestInputError).issues?.[0]?.field).toBe('sender.boxUserId');
    expect(proxy.calls().slice(mark)).toEqual([]);
  });

  it('a bulk start through the library: an unlisted sender’s item is invalid, naming sender.boxUserId', async () => {
    const unlisted = asHr({ sender: { boxUserId: SALES } }, 'bulk-unlisted@example.com');
    const listed = asHr({}, 'bulk-listed@example.com');
    const items = await startSignRequests(h.client, [unlisted, listed], {
      taskQueue: h.taskQueue,
      sealing: h.sealing,
      allowedSenders: [HR],
    });
    expect(items.map((item) => item.status)).toEqual(['invalid', 'started']);
    expect(items[0]?.issues).toEqual([{ field: 'sender.boxUserId', rule: senderNotAllowedRule('deployment') }]);
    await expect(
      h.client.workflow.getHandle(signRequestStartOptions(unlisted, { sealing: h.sealing }).workflowId).describe(),
    ).rejects.toBeInstanceOf(WorkflowNotFoundError);
    await h.client.workflow.getHandle(items[1]!.workflowId!).terminate('test cleanup');
  });

  it('a direct Temporal start past the client’s check fails SenderNotAllowed in the worker, with no Box call', async () => {
    const input = asHr({ sender: { boxUserId: SALES } }, 'direct@example.com');
    const mark = proxy.calls().length;
    const handle = await h.client.workflow.start(SIGN_REQUEST_WORKFLOW_TYPE, {
      ...signRequestStartOptions(input, { taskQueue: h.taskQueue, sealing: h.sealing }),
    });
    const failure = await handle.result().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause as ApplicationFailure;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause.type).toBe(ErrorType.SenderNotAllowed);
    expect(cause.message).toContain('sender.boxUserId');
    expect(cause.message).not.toContain(HR);
    const state = await getSignRequestStatus(h.client, handle.workflowId);
    expect(state).toMatchObject({ phase: 'failed', failureType: ErrorType.SenderNotAllowed, sender: SALES });
    expect(state.failure).toContain('sender.boxUserId');
    expect(proxy.calls().slice(mark)).toEqual([]);
    expect(await h.control.findByExternalId(handle.workflowId)).toEqual([]);
  });
});

describe('the CLI and senders', () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    h = await startHarness({ allowedSenders: [HR] });
    dir = mkdtempSync(join(tmpdir(), 'box-sign-senders-'));
  }, 60_000);
  afterAll(() => h?.teardown());

  function cli(args: string[]) {
    const env = {
      TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
      BOX_SIGN_TASK_QUEUE: h.taskQueue,
      BOX_SIGN_ALLOWED_SENDERS: HR,
    };
    return runBuilt(BUILT.cli, args, { ...env, ...h.encryptionEnv });
  }

  function inputFile(input: SignRequestInput): string {
    const path = join(dir, `${input.businessKey}.json`);
    writeFileSync(path, JSON.stringify(input));
    return path;
  }

  it('start with an unlisted sender prints one line naming sender.boxUserId and exits 2, starting nothing', async () => {
    const input = asHr({ sender: { boxUserId: SALES } }, 'cli-unlisted@example.com');
    const run = await cli(['start', '--input', inputFile(input)]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(`sender.boxUserId ${senderNotAllowedRule('deployment')}`);
    expect(run.stderr).not.toContain(HR);
    expect(await h.control.calls()).toEqual([]);
  });

  it('start with a listed sender; status and status --json show it', async () => {
    const input = asHr({}, 'cli-listed@example.com');
    const started = await cli(['start', '--input', inputFile(input), '--json']);
    expect(started.code).toBe(0);
    const { workflowId } = JSON.parse(started.stdout) as { workflowId: string };
    await boxRequestFor(h.control, workflowId);
    const status = await cli(['status', workflowId]);
    expect(status.stdout).toMatch(new RegExp(`^sender: +Box user ${HR}$`, 'm'));
    const json = await cli(['status', workflowId, '--json']);
    expect((JSON.parse(json.stdout) as { sender: string }).sender).toBe(HR);
    const listed = await eventually(
      async () => JSON.parse((await cli(['list', '--json'])).stdout) as { workflowId: string; sender?: string }[],
      (rows) => rows.some((row) => row.workflowId === workflowId),
    );
    expect(listed.find((row) => row.workflowId === workflowId)?.sender).toBe(HR);
    await h.client.workflow.getHandle(workflowId).terminate('test cleanup');
  });
});
