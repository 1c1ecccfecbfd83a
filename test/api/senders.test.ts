import { WorkflowNotFoundError } from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadApiClients } from '../../api/config';
import { ApiClients, sha256Hex } from '../../config/api-clients';
import { ConfigError } from '../../config/config-error';
import type { SignRequestInput } from '../../contracts';
import { clientScopedWorkflowId, senderNotAllowedRule } from '../../contracts';
import type { ApiRig } from '../support/api-rig';
import { newApiKey, startApiRig } from '../support/api-rig';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { eventually } from '../support/signers';

const HR = '20001';
const SALES = '20002';
const LEGAL = '20003';

const secret = () => `whsec_${randomBytes(32).toString('base64')}`;

/** `a` may name only HR; `b` has no list of its own: the deployment's (HR and SALES). */
function clientsFile(keys: { a: string; b: string }) {
  return {
    clients: [
      { name: 'senders-a', keySha256: sha256Hex(keys.a), callbackSecret: secret(), senders: [HR] },
      { name: 'senders-b', keySha256: sha256Hex(keys.b), callbackSecret: secret() },
    ],
  };
}

describe('HTTP API: who may be named as the sender', () => {
  let h: Harness;
  let api: ApiRig;
  beforeAll(async () => {
    h = await startHarness({ allowedSenders: [HR, SALES] });
    const keys = { a: newApiKey(), b: newApiKey() };
    api = await startApiRig(
      h,
      { allowedSenders: [HR, SALES] },
      { keys, clients: ApiClients.fromJson(clientsFile(keys)) },
    );
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
    await h?.teardown();
  });

  const input = (sender: string, email: string): SignRequestInput => ({
    ...signRequest({ signers: [{ email, password: 'pw' }] }),
    sender: { boxUserId: sender },
  });

  it('a sender outside the client’s own list: 403 problem naming sender.boxUserId, nothing started, no Box call', async () => {
    const body = input(SALES, 'a1@example.com');
    const refused = await api.call('POST', '/v1/sign-requests', { key: api.keys.a, body });
    expect(refused.status).toBe(403);
    expect(refused.body.type).toBe('urn:box-sign:problem:forbidden-sender');
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.errors).toEqual([{ field: 'sender.boxUserId', rule: senderNotAllowedRule('apiClient') }]);
    expect(JSON.stringify(refused.body)).not.toContain(HR);
    await expect(
      h.client.workflow.getHandle(clientScopedWorkflowId('senders-a', body.businessKey)).describe(),
    ).rejects.toThrow(WorkflowNotFoundError);
    expect(await h.control.calls()).toEqual([]);
  });

  it('a sender outside the deployment’s list (client without its own): 403 with the deployment’s rule', async () => {
    const refused = await api.call('POST', '/v1/sign-requests', {
      key: api.keys.b,
      body: input(LEGAL, 'b1@example.com'),
    });
    expect(refused.status).toBe(403);
    expect(refused.body.errors).toEqual([{ field: 'sender.boxUserId', rule: senderNotAllowedRule('deployment') }]);
    expect(await h.control.calls()).toEqual([]);
  });

  it('a batch: the item naming a sender outside the client’s list is invalid, the other starts', async () => {
    const refusedItem = input(SALES, 'a-batch1@example.com');
    const listed = input(HR, 'a-batch2@example.com');
    const answer = await api.call('POST', '/v1/sign-requests/batch', {
      key: api.keys.a,
      body: { requests: [refusedItem, listed] },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.items).toEqual([
      expect.objectContaining({
        index: 0,
        status: 'invalid',
        errors: [{ field: 'sender.boxUserId', rule: senderNotAllowedRule('apiClient') }],
      }),
      expect.objectContaining({ index: 1, status: 'started' }),
    ]);
    await expect(
      h.client.workflow.getHandle(clientScopedWorkflowId('senders-a', refusedItem.businessKey)).describe(),
    ).rejects.toThrow(WorkflowNotFoundError);
    await h.client.workflow
      .getHandle(clientScopedWorkflowId('senders-a', listed.businessKey))
      .terminate('test cleanup');
  });

  it('a listed sender: 201, and the status names it', async () => {
    const body = input(SALES, 'b2@example.com');
    const created = await api.call('POST', '/v1/sign-requests', { key: api.keys.b, body });
    expect(created.status).toBe(201);
    const status = await api.call('GET', `/v1/sign-requests/${body.businessKey}`, { key: api.keys.b });
    expect(status.status).toBe(200);
    expect(status.body.sender).toBe(SALES);
    const listed = await eventually(
      () => api.call('GET', '/v1/sign-requests', { key: api.keys.b }),
      (page) => (page.body.items as { businessKey: string }[]).some((item) => item.businessKey === body.businessKey),
    );
    expect(
      (listed.body.items as { businessKey: string; sender: string | null }[]).find(
        (item) => item.businessKey === body.businessKey,
      )?.sender,
    ).toBe(SALES);
    await h.client.workflow.getHandle(created.body.workflowId as string).terminate('test cleanup');
  });
});

describe('API clients file: a client’s own senders', () => {
  const keys = { a: newApiKey(), b: newApiKey() };
  const file = join(mkdtempSync(join(tmpdir(), 'api-senders-')), 'clients.json');
  writeFileSync(file, JSON.stringify(clientsFile(keys)));

  it('must all be senders of the deployment: otherwise the API does not start, naming the client, not the ids', () => {
    expect(loadApiClients(file, [HR, SALES]).byName('senders-a')?.senders).toEqual([HR]);
    const failure = (() => {
      try {
        loadApiClients(file, [SALES]);
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as ConfigError).problems).toEqual([
      'BOX_SIGN_API_KEYS_FILE: client senders-a lists senders that are not in BOX_SIGN_ALLOWED_SENDERS',
    ]);
  });

  it('must be Box user ids', () => {
    const bad = { clients: [{ ...clientsFile(keys).clients[0], senders: ['hr@example.com'] }] };
    expect(() => ApiClients.fromJson(bad)).toThrow(/clients\.0\.senders\.0 must be Box user ids \(digits\)/);
  });
});
