import { clientScopedWorkflowId } from '../../contracts';
import { Client } from '@temporalio/client';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import { recordedDocuments } from '../../client/document-download';
import { getSignRequestStatus } from '../../client/sign-requests';
import { createDataConverter } from '../../config/data-converter';
import type { ApiRig } from '../support/api-rig';
import { startApiRig } from '../support/api-rig';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { boxRequestFor, eventually } from '../support/signers';
import { historyEvents } from '../support/workflow-history';

/**
 * Readers (the API's status, result long-poll and repeated POST; the client's status, which the CLI's status and
 * watch use) read the memo the workflow keeps, with describe(): a query replays the history on a worker each time,
 * and the `created` update writes events on every repeat.
 */
describe('reads come from describe(), not from queries or updates', () => {
  let h: Harness;
  let api: ApiRig;
  let reader: Client;
  const calls = { query: 0, update: 0 };
  const counting: WorkflowClientInterceptor = {
    query: (input, next) => {
      calls.query += 1;
      return next(input);
    },
    startUpdate: (input, next) => {
      calls.update += 1;
      return next(input);
    },
  };
  beforeAll(async () => {
    h = await startHarness();
    reader = new Client({
      connection: h.client.connection,
      namespace: h.client.options.namespace,
      dataConverter: createDataConverter({ mode: 'encrypted', keyRing: h.keyRing }),
      interceptors: { workflow: [counting] },
    });
    api = await startApiRig({ client: reader, taskQueue: h.taskQueue, sealing: h.sealing, keyRing: h.keyRing });
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
    await h?.teardown();
  });

  it('status, a result long-poll and a repeated POST neither query the workflow nor send it an update', async () => {
    const input = signRequest({ signers: [{ email: 'reader@example.com', password: 'pw' }] });
    const workflowId = clientScopedWorkflowId('client-a', input.businessKey);
    const first = await api.call('POST', '/v1/sign-requests', { body: input });
    expect(first.status).toBe(201);
    await eventually(
      () => api.call('GET', `/v1/sign-requests/${input.businessKey}`),
      (s) => s.body.boxStatus === 'sent',
    );
    const updatesAccepted = async () =>
      (await historyEvents(h.client.workflow.getHandle(workflowId))).filter(
        (e) => e.workflowExecutionUpdateAcceptedEventAttributes,
      ).length;
    const acceptedBefore = await updatesAccepted();
    calls.query = 0;
    calls.update = 0;

    const status = await api.call('GET', `/v1/sign-requests/${input.businessKey}`);
    expect(status.body).toMatchObject({ phase: 'waiting', signRequestId: first.body.signRequestId });
    const running = await api.call('GET', `/v1/sign-requests/${input.businessKey}/result?waitSeconds=3`);
    expect(running.body).toMatchObject({ state: 'running', phase: 'waiting' });
    const again = await api.call('POST', '/v1/sign-requests', { body: input });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ signRequestId: first.body.signRequestId, signers: first.body.signers });

    expect(calls).toEqual({ query: 0, update: 0 });
    expect(await updatesAccepted()).toBe(acceptedBefore);
  });

  it('the client library’s status (the CLI’s status and watch) reads the memo', async () => {
    const workflowId = await h.start(signRequest({ signers: [{ email: 'cli.reader@example.com', password: 'pw' }] }));
    await eventually(
      () => getSignRequestStatus(reader, workflowId),
      (s) => s.boxStatus === 'sent',
    );
    calls.query = 0;
    const state = await getSignRequestStatus(reader, workflowId);
    expect(state).toMatchObject({ phase: 'waiting', boxStatus: 'sent' });
    expect(calls.query).toBe(0);
  });

  it('the documents route and the download’s recorded documents read the memo too', async () => {
    const email = 'documents.reader@example.com';
    const input = signRequest({ signers: [{ email, password: 'pw' }] });
    const workflowId = clientScopedWorkflowId('client-a', input.businessKey);
    expect((await api.call('POST', '/v1/sign-requests', { body: input })).status).toBe(201);
    const id = await boxRequestFor(h.control, workflowId);
    await h.control.signer(id, email, 'verify', { password: 'pw' });
    await h.control.signer(id, email, 'sign');
    const path = `/v1/sign-requests/${input.businessKey}/documents`;
    await eventually(
      () => api.call('GET', path),
      (answer) => answer.status === 200 && (answer.body.documents?.length ?? 0) > 0,
    );
    calls.query = 0;

    const listed = await api.call('GET', path);
    const recorded = await recordedDocuments(reader, workflowId);
    const listedDocuments = listed.body.documents as { sha256: string }[];
    expect(recorded.map((d) => d.sha256)).toEqual(listedDocuments.map((d) => d.sha256));
    expect(recorded.length).toBeGreaterThan(0);
    expect(calls.query).toBe(0);
  });
});
