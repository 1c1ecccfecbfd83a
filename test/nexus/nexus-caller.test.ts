import { randomUUID } from 'node:crypto';
import { Client, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure, NexusOperationFailure } from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time';
import type { Worker } from '@temporalio/worker';
import { ApiClient, ErrorType, clientScopedWorkflowId } from '../../contracts';
import { createDataConverter } from '../../config/data-converter';
import { createCallerWorker } from '../../examples/temporal-caller/caller-worker';
import { startContract } from '../../examples/temporal-caller/start';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { plaintextFindings } from '../support/plaintext-search';
import { boxRequestFor, eventually } from '../support/signers';

const PHONE = '+15557770142';
const PHONE_SIGNER = 'nexus.phone@example.com';

/**
 * examples/temporal-caller on the lane's dev server: a caller workflow in a namespace of its own reaches the worker's
 * `box-sign` Nexus service through an endpoint created here, as an operator creates it, while the test plays the
 * signer on the emulator.
 */
describe('Nexus: a caller workflow in another namespace', () => {
  let h: Harness;
  let callerNamespace: string;
  let endpoint: string;
  let caller: Client;
  let stopCaller: () => Promise<void>;
  const callerQueue = `caller-${randomUUID()}`;

  beforeAll(async () => {
    callerNamespace = `caller-${randomUUID().slice(0, 8)}`;
    h = await startHarness({ nexusCallerNamespaces: [callerNamespace] });
    endpoint = `box-sign-${randomUUID().slice(0, 8)}`;
    await h.testEnv.connection.operatorService.createNexusEndpoint({
      spec: {
        name: endpoint,
        target: { worker: { namespace: h.testEnv.namespace ?? 'default', taskQueue: h.taskQueue } },
      },
    });
    ({ client: caller, stop: stopCaller } = await startCaller(h, callerNamespace, callerQueue));
  }, 120_000);

  afterAll(async () => {
    await stopCaller?.();
    await h?.teardown();
  });

  const signWorkflowId = (businessKey: string) => clientScopedWorkflowId(`nexus.${callerNamespace}`, businessKey);

  it('starts a phone-verified request, and the caller workflow receives the signed outcome', async () => {
    const request = signRequest({ signers: [{ email: PHONE_SIGNER, verificationPhoneNumber: PHONE }] });
    const contract = await startContract(caller, request, { taskQueue: callerQueue, endpoint, sealing: h.sealing });
    const workflowId = signWorkflowId(request.businessKey);
    const id = await boxRequestFor(h.control, workflowId);
    await h.control.signer(id, PHONE_SIGNER, 'send-code');
    await h.control.signer(id, PHONE_SIGNER, 'verify', { code: await h.control.latestCode(id, PHONE_SIGNER) });
    expect((await h.control.signer(id, PHONE_SIGNER, 'sign')).status).toBe(200);

    const outcome = await contract.result();
    expect(outcome).toMatchObject({ businessKey: request.businessKey, signRequestId: id, outcome: 'signed' });
    // Recorded as an API client is: the caller's namespace is the client (visibility, start binding, idempotency).
    const description = await h.client.workflow.getHandle(workflowId).describe();
    expect(description.typedSearchAttributes.get(ApiClient)).toBe(`nexus.${callerNamespace}`);
    const histories = [await contract.fetchHistory(), await h.client.workflow.getHandle(workflowId).fetchHistory()];
    expect(plaintextFindings(histories, [PHONE, PHONE.slice(1)])).toEqual([]);
  });

  it('cancelling the caller’s operation cancels the request on Box (our cancel), and the caller receives outcome cancelled', async () => {
    const request = signRequest({ signers: [{ email: PHONE_SIGNER, verificationPhoneNumber: PHONE }] });
    const contract = await startContract(caller, request, { taskQueue: callerQueue, endpoint, sealing: h.sealing });
    const workflowId = signWorkflowId(request.businessKey);
    const id = await boxRequestFor(h.control, workflowId);

    await contract.cancel();
    // Our cancel ends the request with a result: the operation completes with it, and the caller receives it.
    expect(await contract.result()).toMatchObject({ signRequestId: id, outcome: 'cancelled' });
    expect((await h.control.request(id)).sign_request.status).toBe('cancelled');
    const events = (await h.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    const cancels = events.filter(
      (e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === 'cancel',
    );
    expect(cancels).toHaveLength(1);
  });

  it('bad input, or a callback, is refused before anything starts: a non-retryable handler error naming the field, not the value', async () => {
    const request = signRequest({
      signers: [{ email: 'not-an-email', verificationPhoneNumber: PHONE }],
      callback: { url: 'https://hooks.example.com/box-sign' },
    });
    const contract = await startContract(caller, request, { taskQueue: callerQueue, endpoint, sealing: h.sealing });

    const failure = await contract.result().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const operation = (failure as WorkflowFailedError).cause;
    expect(operation).toBeInstanceOf(NexusOperationFailure);
    const chain = messagesOf(operation);
    expect(chain).toContain('signers[0].email');
    expect(chain).toContain('callback is not taken from a Nexus caller');
    expect(chain).not.toContain('not-an-email');
    const typed = deepest(operation);
    expect(typed).toBeInstanceOf(ApplicationFailure);
    expect((typed as ApplicationFailure).type).toBe(ErrorType.InvalidSignRequestInput);
    expect((typed as ApplicationFailure).nonRetryable).toBe(true);
    await expect(h.client.workflow.getHandle(signWorkflowId(request.businessKey)).describe()).rejects.toThrow(
      /not found/i,
    );
  });

  it('one request per business key of a caller: a second operation with the same input joins it, another input is refused', async () => {
    const request = signRequest({ signers: [{ email: PHONE_SIGNER, verificationPhoneNumber: PHONE }] });
    const options = { taskQueue: callerQueue, endpoint, sealing: h.sealing };
    const first = await startContract(caller, request, options);
    const id = await boxRequestFor(h.control, signWorkflowId(request.businessKey));
    const again = await caller.workflow.start('signContract', {
      taskQueue: callerQueue,
      workflowId: `contract-again-${request.businessKey}`,
      args: [{ endpoint, request }],
    });
    const other = await caller.workflow.start('signContract', {
      taskQueue: callerQueue,
      workflowId: `contract-other-${request.businessKey}`,
      args: [{ endpoint, request: { ...request, name: 'Another contract' } }],
    });
    const refused = await other.result().catch((err: unknown) => err);
    expect((deepest(refused) as ApplicationFailure).type).toBe(ErrorType.BusinessKeyConflict);
    expect(messagesOf(refused)).toContain('businessKey');

    await h.control.signer(id, PHONE_SIGNER, 'send-code');
    await h.control.signer(id, PHONE_SIGNER, 'verify', { code: await h.control.latestCode(id, PHONE_SIGNER) });
    await h.control.signer(id, PHONE_SIGNER, 'sign');
    for (const handle of [first, again]) {
      expect(await handle.result()).toMatchObject({ signRequestId: id, outcome: 'signed' });
    }
    expect(await h.control.findByExternalId(signWorkflowId(request.businessKey))).toHaveLength(1);
  });

  it('a namespace the workers do not list is refused, unauthorized, before anything starts', async () => {
    const stranger = `stranger-${randomUUID().slice(0, 8)}`;
    const strangerQueue = `stranger-${randomUUID()}`;
    const { client, stop } = await startCaller(h, stranger, strangerQueue);
    try {
      const request = signRequest({ signers: [{ email: PHONE_SIGNER, verificationPhoneNumber: PHONE }] });
      const contract = await startContract(client, request, { taskQueue: strangerQueue, endpoint, sealing: h.sealing });
      const failure = await contract.result().catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(WorkflowFailedError);
      expect(messagesOf(failure)).toContain(`namespace ${stranger} is not in BOX_SIGN_NEXUS_CALLER_NAMESPACES`);
      const wouldBe = clientScopedWorkflowId(`nexus.${stranger}`, request.businessKey);
      await expect(h.client.workflow.getHandle(wouldBe).describe()).rejects.toThrow(/not found/i);
    } finally {
      await stop();
    }
  });
});

/** A namespace of its own, as the caller's team has, with the example's worker polling in it. */
async function startCaller(h: Harness, namespace: string, taskQueue: string) {
  const { connection, nativeConnection } = h.testEnv;
  await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
  const dataConverter = createDataConverter({ mode: 'encrypted', keyRing: h.keyRing });
  // A namespace just registered takes a moment to be known everywhere on the server.
  const worker = await eventually(
    () => createCallerWorker({ connection: nativeConnection, namespace, taskQueue, dataConverter }).catch(() => null),
    (created): created is Worker => created !== null,
    30_000,
  );
  const running = worker!.run();
  return {
    client: new Client({ connection, namespace, dataConverter }),
    async stop() {
      worker!.shutdown();
      await running;
    },
  };
}

function messagesOf(err: unknown): string {
  const messages: string[] = [];
  for (let current: unknown = err; current instanceof Error; current = current.cause) messages.push(current.message);
  return messages.join(' <- ');
}

function deepest(err: unknown): unknown {
  let current: unknown = err;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current;
}
