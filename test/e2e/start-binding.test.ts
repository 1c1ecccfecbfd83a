import { randomBytes } from 'node:crypto';
import { getSignRequestStatus } from '../../client';
import { signRequestStartOptions } from '../../client/sign-requests';
import { sha256Hex } from '../../config/api-clients';
import { ApiClients } from '../../config/api-clients';
import type { SignRequestInput, SignRequestState } from '../../contracts';
import { ErrorType, SIGN_REQUEST_WORKFLOW_TYPE, clientScopedWorkflowId } from '../../contracts';
import type { StartBinding } from '../../encryption/start-binding';
import { START_BINDING_MEMO_KEY, bindStart } from '../../encryption/start-binding';
import type { CallbackReceiver } from '../support/callback-receiver';
import { generateCallbackSecret, startCallbackReceiver } from '../support/callback-receiver';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { boxRequestFor, eventually } from '../support/signers';

const CLIENT = 'hr-suite';
const HR = '20001';
const SALES = '20002';

/**
 * Nothing on the Temporal queue acts in a client's name unless the API put it there: whoever reaches the Temporal
 * frontend can start `signRequestWorkflow` naming an API client, but without the API's start binding the worker sends
 * nothing to Box and signs nothing with that client's callback secret.
 */
describe('starts straight through Temporal in an API client’s name', () => {
  const secret = generateCallbackSecret();
  let h: Harness;
  let receiver: CallbackReceiver;

  beforeAll(async () => {
    receiver = await startCallbackReceiver(secret);
    const clients = ApiClients.fromJson({
      clients: [
        { name: CLIENT, keySha256: sha256Hex('k1'), callbackSecret: secret, senders: [HR] },
        { name: 'other', keySha256: sha256Hex('k2'), callbackSecret: generateCallbackSecret() },
      ],
    });
    h = await startHarness({
      callbacks: { secretFor: (name) => clients.byName(name)?.callbackSecret, allowHosts: ['127.0.0.1'] },
      apiClients: clients,
    });
  }, 60_000);
  afterAll(async () => {
    await h?.teardown();
    await receiver?.stop();
  });

  const input = (email: string, sender?: string): SignRequestInput => ({
    ...signRequest({ signers: [{ email, password: 'binding-pw' }] }),
    callback: { url: receiver.url },
    ...(sender === undefined ? {} : { sender: { boxUserId: sender } }),
  });

  /** A start as an attacker with Temporal access makes it: the API's options, the client named, `binding` as given. */
  async function startWith(body: SignRequestInput, binding?: (workflowId: string, sealed: unknown) => unknown) {
    const workflowId = clientScopedWorkflowId(CLIENT, body.businessKey);
    const options = signRequestStartOptions(body, {
      taskQueue: h.taskQueue,
      sealing: h.sealing,
      apiClient: CLIENT,
      workflowId,
    });
    const memo =
      binding === undefined
        ? options.memo
        : { ...options.memo, [START_BINDING_MEMO_KEY]: binding(workflowId, options.args[0]) };
    await h.client.workflow.start(SIGN_REQUEST_WORKFLOW_TYPE, { ...options, memo });
    return workflowId;
  }

  /** The workflow's end as the status (and the Web UI) tells it. */
  async function ended(workflowId: string): Promise<SignRequestState> {
    await h.client.workflow
      .getHandle(workflowId)
      .result()
      .catch(() => undefined);
    return getSignRequestStatus(h.client, workflowId);
  }

  async function expectNothingDone(workflowId: string, type: string, reason: RegExp): Promise<void> {
    const state = await ended(workflowId);
    expect(state).toMatchObject({ phase: 'failed', failureType: type, signRequestId: null });
    expect(state.failure).toMatch(reason);
    // Nothing reached Box in this request's name; unbound, no callback signed with the client's secret left the worker
    // (a bound start's failure is the client's own, and its callback says so).
    const calls = await h.control.calls();
    expect(calls.filter((call) => call.external_id === workflowId)).toEqual([]);
    expect(await h.control.findByExternalId(workflowId)).toEqual([]);
    if (type === ErrorType.UnboundApiClientStart) {
      expect(receiver.received.filter((delivery) => delivery.body.includes(JSON.stringify(workflowId)))).toEqual([]);
      expect(state.callback).toMatchObject({ state: 'failed' });
      expect(state.callback?.lastError).toMatch(/not signed with API client/);
    }
  }

  it('a plain start (no binding) creates nothing on Box, signs no callback, and fails UnboundApiClientStart', async () => {
    const workflowId = await startWith(input('plain@example.com'));
    await expectNothingDone(workflowId, ErrorType.UnboundApiClientStart, /carries no apiStartBinding/);
  });

  it('a binding made with a key the workers do not hold is refused', async () => {
    const foreign = { activeKeyId: 'attacker', keys: new Map([['attacker', randomBytes(32)]]) };
    const workflowId = await startWith(input('foreign-key@example.com'), (id, sealed) =>
      bindStart(foreign, { workflowId: id, client: CLIENT, input: sealed }),
    );
    await expectNothingDone(workflowId, ErrorType.UnboundApiClientStart, /names a key this worker does not hold/);
  });

  it('a real binding copied onto another workflow id, another client or another input is refused', async () => {
    const keys = h.startBinding!;
    const otherId = await startWith(input('copied-id@example.com'), (_id, sealed) =>
      bindStart(keys, {
        workflowId: clientScopedWorkflowId(CLIENT, 'someone-elses-key'),
        client: CLIENT,
        input: sealed,
      }),
    );
    const otherClient = await startWith(input('copied-client@example.com'), (id, sealed) => {
      const forOther = bindStart(keys, { workflowId: id, client: 'other', input: sealed });
      return { ...forOther, client: CLIENT };
    });
    const bound = input('bound-input@example.com');
    const otherInput = await startWith(input('swapped-input@example.com'), (id) =>
      bindStart(keys, { workflowId: id, client: CLIENT, input: bound }),
    );
    await expectNothingDone(otherId, ErrorType.UnboundApiClientStart, /does not verify for this workflow id/);
    await expectNothingDone(otherClient, ErrorType.UnboundApiClientStart, /does not verify/);
    await expectNothingDone(otherInput, ErrorType.UnboundApiClientStart, /for another input/);
  });

  it('a binding issued long before the start (a replayed start) is refused', async () => {
    const workflowId = await startWith(input('replayed@example.com'), (id, sealed) =>
      bindStart(h.startBinding!, { workflowId: id, client: CLIENT, input: sealed }, Date.now() - 3_600_000),
    );
    await expectNothingDone(workflowId, ErrorType.UnboundApiClientStart, /issued for another start/);
  });

  it('a bound start naming a sender outside the client’s own list fails SenderNotAllowed in the worker', async () => {
    const workflowId = await startWith(input('sales@example.com', SALES), (id, sealed) =>
      bindStart(h.startBinding!, { workflowId: id, client: CLIENT, input: sealed }),
    );
    await expectNothingDone(workflowId, ErrorType.SenderNotAllowed, /sender\.boxUserId/);
  });

  it('a bound start of the client, with a sender it may use, is created and its callback signed', async () => {
    const body = input('bound@example.com', HR);
    const workflowId = await startWith(body, (id, sealed): StartBinding =>
      bindStart(h.startBinding!, { workflowId: id, client: CLIENT, input: sealed }),
    );
    await boxRequestFor(h.control, workflowId);
    await h.client.workflow.getHandle(workflowId).cancel();
    await eventually(
      () => Promise.resolve(receiver.received.filter((d) => d.body.includes(JSON.stringify(workflowId)))),
      (deliveries) => deliveries.some((d) => d.status < 300 && d.verifyError === null),
      20_000,
    );
  });

  it('an unbound start cancelled straight through Temporal signs no callback either', async () => {
    const workflowId = await startWith(input('cancelled-unbound@example.com'));
    await h.client.workflow
      .getHandle(workflowId)
      .cancel()
      .catch(() => undefined);
    await ended(workflowId);
    expect(await h.control.findByExternalId(workflowId)).toEqual([]);
    expect(receiver.received.filter((delivery) => delivery.body.includes(JSON.stringify(workflowId)))).toEqual([]);
  });

  describe('requests started before start binding (BOX_SIGN_UNBOUND_API_STARTS_BEFORE)', () => {
    let upgraded: Harness;
    beforeAll(async () => {
      // The upgrade happens "now + 1 h": every start of this test counts as one from before it.
      upgraded = await startHarness({
        callbacks: { secretFor: (name) => (name === CLIENT ? secret : undefined), allowHosts: ['127.0.0.1'] },
        unboundStartsBeforeMs: Date.now() + 3_600_000,
      });
    }, 60_000);
    afterAll(async () => {
      await upgraded?.teardown();
    });

    it('an unbound start of a client from before the cut-off is still created and its callback signed', async () => {
      const body = input('before.upgrade@example.com');
      const options = signRequestStartOptions(body, {
        taskQueue: upgraded.taskQueue,
        sealing: upgraded.sealing,
        apiClient: CLIENT,
      });
      await upgraded.client.workflow.start(SIGN_REQUEST_WORKFLOW_TYPE, options);
      await boxRequestFor(upgraded.control, options.workflowId);
      await upgraded.client.workflow.getHandle(options.workflowId).cancel();
      await eventually(
        () => Promise.resolve(receiver.received.filter((d) => d.body.includes(JSON.stringify(options.workflowId)))),
        (deliveries) => deliveries.some((d) => d.status < 300 && d.verifyError === null),
        20_000,
      );
    });
  });
});
