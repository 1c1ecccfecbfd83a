import { cancelSignRequest, getSignRequestStatus } from '../../client';
import { ErrorType, clientScopedWorkflowId } from '../../contracts';
import type { ApiRig } from '../support/api-rig';
import { startApiRig } from '../support/api-rig';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { boxRequestFor, eventually } from '../support/signers';

/** The id the API starts this suite's client's requests under. */
const apiWorkflowId = (businessKey: string) => clientScopedWorkflowId('client-a', businessKey);

/**
 * Free text that could lie to a reader (a right-to-left override, an ANSI escape) is refused where it enters: the
 * API's start and cancel, and the cancel update itself for callers that go straight to Temporal. The answer names
 * the field and the rule, never the value; nothing reaches Box.
 */
describe('HTTP API: free text refuses control and bidirectional characters', () => {
  let h: Harness;
  let api: ApiRig;
  beforeAll(async () => {
    h = await startHarness();
    api = await startApiRig(h);
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
    await h?.teardown();
  });

  it('a start whose name or subject hides characters is a 400 naming the fields, and starts nothing', async () => {
    const input = {
      ...signRequest({ signers: [{ email: 'ft1@example.com', password: 'pw' }] }),
      name: 'Invoice \u202Efdp.exe',
      emailSubject: 'Please sign\u001B[2J',
      externalSystemName: 'ERP\u2067',
    };
    const answer = await api.call('POST', '/v1/sign-requests', { body: input });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      { field: 'name', rule: expect.stringContaining('must not contain control characters') },
      { field: 'emailSubject', rule: expect.stringContaining('must not contain control characters') },
      { field: 'externalSystemName', rule: expect.stringContaining('must not contain control characters') },
    ]);
    expect(JSON.stringify(answer.body)).not.toMatch(/fdp|\[2J/);
    expect(await h.control.findByExternalId(apiWorkflowId(input.businessKey))).toEqual([]);
  });

  it('a cancel whose reason hides characters is refused by the API and by the workflow, and Box keeps the request', async () => {
    const input = signRequest({ signers: [{ email: 'ft2@example.com', password: 'pw' }] });
    expect((await api.call('POST', '/v1/sign-requests', { body: input })).status).toBeLessThan(300);
    const workflowId = apiWorkflowId(input.businessKey);
    const id = await boxRequestFor(h.control, workflowId);
    await eventually(
      () => getSignRequestStatus(h.client, workflowId),
      (s) => s.boxStatus === 'sent',
    );

    const path = `/v1/sign-requests/${input.businessKey}/cancel`;
    const refused = await api.call('POST', path, { body: { reason: 'withdrawn\u202E' } });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('must not contain control characters');

    const direct = (await cancelSignRequest(h.client, workflowId, 'bell\u0007').catch((err: unknown) => err)) as Error;
    expect(direct.name).toBe('WorkflowUpdateFailedError');
    expect(direct.cause).toMatchObject({ type: ErrorType.InvalidSignRequestInput });
    expect((direct.cause as Error).message).toMatch(/^reason must not contain control characters/);
    expect((await h.control.request(id)).sign_request.status).toBe('sent');

    // A reason on two lines is fine.
    const cancel = await api.call('POST', path, { body: { reason: 'Customer withdrew.\nTicket 42.' } });
    expect(cancel.status).toBe(200);
  });
});
