import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { CallbackSecrets } from '../../callbacks/callback-secrets';
import { signRequestStartOptions } from '../../client/sign-requests';
import { INPUT_DIGEST_MEMO_KEY } from '../../client/input-digest';
import { ApiClients, sha256Hex } from '../../config/api-clients';
import { ConfigError } from '../../config/config-error';
import type { SignRequestInput } from '../../contracts';
import { SIGN_REQUEST_WORKFLOW_TYPE, canonicalJson, clientScopedWorkflowId, maskPhoneNumber } from '../../contracts';
import { sealSecret } from '../../encryption/sealing';
import { silentLogger } from '../../logging/logger';
import type { ApiRig } from '../support/api-rig';
import { newApiKey, startApiRig } from '../support/api-rig';
import type { CallbackReceiver } from '../support/callback-receiver';
import { generateCallbackSecret, startCallbackReceiver } from '../support/callback-receiver';
import type { Harness } from '../support/harness';
import { signRequest, startHarness, uniqueKey } from '../support/harness';
import { eventually } from '../support/signers';

/** The id the API starts this suite's client's requests under. */
const apiWorkflowId = (businessKey: string) => clientScopedWorkflowId('rotating-a', businessKey);

const PASSWORD = 'rotation-Password!';

/**
 * Keys that rotate: a client holds several API keys at once and its callbacks carry one signature per secret while
 * its secret rotates; the secret signs callbacks only (cursors have their own derived key, the idempotency digest
 * none), and nothing the API stores lets a holder of that secret confirm a guess of a signer's phone or password.
 */
describe('HTTP API: keys and secrets that rotate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'key-rotation-'));
  const file = join(dir, 'api-keys.json');
  const keys = { old: newApiKey(), new: newApiKey(), b: newApiKey() };
  const secrets = { old: generateCallbackSecret(), new: generateCallbackSecret(), b: generateCallbackSecret() };
  const clientsFile = (aKeys: string[], aSecrets: string[]) => ({
    clients: [
      { name: 'rotating-a', keysSha256: aKeys.map(sha256Hex), callbackSecrets: aSecrets },
      { name: 'rotating-b', keySha256: sha256Hex(keys.b), callbackSecret: secrets.b },
    ],
  });
  let h: Harness;
  let api: ApiRig;
  let receiver: CallbackReceiver;

  beforeAll(async () => {
    writeFileSync(file, JSON.stringify(clientsFile([keys.new, keys.old], [secrets.new, secrets.old])));
    // The worker reads the file as its main does: every secret of the client, newest first.
    const workerSecrets = CallbackSecrets.fromFile(file, silentLogger);
    h = await startHarness({
      callbacks: { secretFor: (name) => workerSecrets.secretsFor(name), allowHosts: ['127.0.0.1'] },
    });
    api = await startApiRig(h, {}, { keys: { a: keys.old, b: keys.b }, clients: ApiClients.fromFile(file) });
    // A business system that has not switched yet: it holds only the old secret.
    receiver = await startCallbackReceiver(secrets.old);
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
    await receiver?.stop();
    await h?.teardown();
  });

  const list = (key: string, query = '') => api.call('GET', `/v1/sign-requests?limit=1${query}`, { key });

  it('a client with two keys works with both; a key removed from the file fails, the one-key form stays valid', async () => {
    expect((await list(keys.old)).status).toBe(200);
    expect((await list(keys.new)).status).toBe(200);
    expect((await list(keys.b)).status).toBe(200);

    const previous = api.clients.current;
    api.clients.current = ApiClients.fromJson(clientsFile([keys.new], [secrets.new]));
    try {
      const removed = await list(keys.old);
      expect([removed.status, removed.body.type]).toEqual([401, 'urn:box-sign:problem:unauthorized']);
      expect((await list(keys.new)).status).toBe(200);
    } finally {
      api.clients.current = previous;
    }
  });

  it('the keys file refuses a client with both forms of a field, and a key two clients hold, never printing either', () => {
    const both = () =>
      ApiClients.fromJson({
        clients: [
          { name: 'x', keySha256: sha256Hex(keys.old), keysSha256: [sha256Hex(keys.new)], callbackSecret: secrets.b },
        ],
      });
    expect(both).toThrow(ConfigError);
    expect(both).toThrow(/clients\.0\.keysSha256 or keySha256: exactly one of the two/);
    const shared = () =>
      ApiClients.fromJson({
        clients: [
          { name: 'x', keySha256: sha256Hex(keys.b), callbackSecret: secrets.b },
          { name: 'y', keysSha256: [sha256Hex(keys.new), sha256Hex(keys.b)], callbackSecret: secrets.b },
        ],
      });
    expect(shared).toThrow(/client x holds a key another client holds too/);
    expect(shared).not.toThrow(new RegExp(sha256Hex(keys.b)));
  });

  it('during a secret rotation a callback carries both signatures: a receiver with only the old or only the new verifies', async () => {
    const input = signRequest({
      signers: [{ email: 'rotating.signer@example.com', password: PASSWORD }],
      callback: { url: receiver.url },
    });
    const created = await api.call('POST', '/v1/sign-requests', { body: input });
    expect(created.status).toBe(201);
    const { workflowId, signRequestId } = created.body as { workflowId: string; signRequestId: string };
    await h.control.signer(signRequestId, 'rotating.signer@example.com', 'verify', { password: PASSWORD });
    await h.control.signer(signRequestId, 'rotating.signer@example.com', 'sign');

    const [delivered] = await eventually(
      () => Promise.resolve(receiver.forWorkflow(workflowId)),
      (found) => found.length > 0,
      30_000,
    );
    expect(delivered!.verifyError).toBeNull();
    const signatures = String(delivered!.headers['webhook-signature']).split(' ');
    expect(signatures).toEqual([expect.stringMatching(/^v1,/), expect.stringMatching(/^v1,/)]);
    const headers = delivered!.headers as Record<string, string>;
    expect(new Webhook(secrets.new).verify(delivered!.body, headers)).toMatchObject({ type: 'sign_request.signed' });
    expect(new Webhook(secrets.old).verify(delivered!.body, headers)).toMatchObject({ type: 'sign_request.signed' });
    expect(() => new Webhook(secrets.b).verify(delivered!.body, headers)).toThrow();
  });

  it('list cursors are keyed apart from the callback secret, outlive a secret rotation, and are no other client’s', async () => {
    for (const email of ['cursor.one@example.com', 'cursor.two@example.com']) {
      const started = await api.call('POST', '/v1/sign-requests', {
        body: signRequest({ signers: [{ email, password: PASSWORD }] }),
      });
      expect(started.status).toBe(201);
    }
    const page = await eventually(
      () => list(keys.old),
      (answer) => answer.status === 200 && typeof answer.body.nextCursor === 'string',
      20_000,
    );
    const cursor = page.body.nextCursor as string;
    const [data, mac] = cursor.split('.');
    const token = Buffer.from(data!, 'base64url');
    for (const secret of [secrets.new, secrets.old]) {
      for (const key of [secret, `list-cursor:${secret}`]) {
        expect(createHmac('sha256', key).update(token).digest().subarray(0, 16).toString('base64url')).not.toBe(mac);
      }
    }
    // The rotation ends: the old secret is gone, a newer one leads; the cursor still pages.
    const previous = api.clients.current;
    api.clients.current = ApiClients.fromJson(clientsFile([keys.old], [generateCallbackSecret(), secrets.new]));
    try {
      expect((await list(keys.old, `&cursor=${encodeURIComponent(cursor)}`)).status).toBe(200);
    } finally {
      api.clients.current = previous;
    }
    const stolen = await list(keys.b, `&cursor=${encodeURIComponent(cursor)}`);
    expect([stolen.status, stolen.body.errors]).toEqual([404, [{ field: 'cursor', rule: expect.any(String) }]]);
  });

  it('given the client’s secret and the stored digests, a guess of a signer’s phone number cannot be confirmed', async () => {
    const phone = '+15557770188';
    const guess = '+15551234588'; // wrong, with the same visible digits
    const withPhone = (input: SignRequestInput, number: string): SignRequestInput => ({
      ...input,
      signers: [{ email: 'guessed.phone@example.com', verificationPhoneNumber: number }],
    });
    const input = withPhone(signRequest({ signers: [] }), phone);
    expect((await api.call('POST', '/v1/sign-requests', { body: input })).status).toBe(201);
    const { memo } = await h.client.workflow.getHandle(apiWorkflowId(input.businessKey)).describe();
    const stored = Object.values(memo ?? {}).filter((value): value is string => typeof value === 'string');
    expect(stored.length).toBeGreaterThan(0);

    // Whatever an attacker computes from a candidate number with the client's secrets, the right number and a wrong
    // one match the stored values alike.
    const confirms = (candidate: string) => {
      const body = canonicalJson(withPhone(input, candidate));
      const attempts = [secrets.new, secrets.old].map((secret) =>
        createHmac('sha256', secret).update(body, 'utf8').digest('hex'),
      );
      return stored.filter((value) => attempts.includes(value)).length;
    };
    expect([confirms(phone), confirms(guess)]).toEqual([0, 0]);
    expect(JSON.stringify(memo)).not.toContain(phone.slice(2, -2));
    expect(memo).not.toHaveProperty('apiInputHmac');
  });

  it('the same body again is a repeat and another body a conflict, also for a request started before the upgrade', async () => {
    const input = signRequest({ signers: [{ email: 'same.body@example.com', password: PASSWORD }] });
    expect((await api.call('POST', '/v1/sign-requests', { body: input })).status).toBe(201);
    expect((await api.call('POST', '/v1/sign-requests', { body: input })).status).toBe(200);
    // The password is blinded in the digest: a different one is the same request (its first password stays).
    const otherPassword = { ...input, signers: [{ email: 'same.body@example.com', password: 'another-one' }] };
    expect((await api.call('POST', '/v1/sign-requests', { body: otherPassword })).status).toBe(200);
    expect((await api.call('POST', '/v1/sign-requests', { body: { ...input, name: 'Other' } })).status).toBe(409);

    // Started before the upgrade: only the HMAC of the plain body with the client's (old) secret in the memo.
    const legacy = signRequest({ signers: [{ email: 'legacy.body@example.com', password: PASSWORD }] });
    const options = signRequestStartOptions(legacy, {
      taskQueue: h.taskQueue,
      sealing: h.sealing,
      apiClient: 'rotating-a',
      startBinding: h.startBinding,
    });
    const { [INPUT_DIGEST_MEMO_KEY]: _digest, ...memo } = options.memo;
    const legacyHmac = createHmac('sha256', secrets.old).update(canonicalJson(legacy), 'utf8').digest('hex');
    await h.client.workflow.start(SIGN_REQUEST_WORKFLOW_TYPE, {
      ...options,
      memo: { ...memo, apiInputHmac: legacyHmac },
    });
    const retried = await api.call('POST', '/v1/sign-requests', { body: legacy });
    expect(retried.status).toBe(200);
    expect((await api.call('POST', '/v1/sign-requests', { body: { ...legacy, name: 'Other' } })).status).toBe(409);
  });

  it('a pre-sealed phone number whose mask is not its own, or that opens to no phone number, is refused: nothing on Box', async () => {
    const sealedPhone = (input: SignRequestInput, plaintext: string, masked: string) => ({
      ...input,
      signers: [
        {
          email: 'sealed.phone@example.com',
          verificationPhoneNumber: {
            sealed: sealSecret(plaintext, sealingKey(), {
              businessKey: input.businessKey,
              signerEmail: 'sealed.phone@example.com',
              field: 'verificationPhoneNumber' as const,
            }),
            masked,
          },
        },
      ],
    });
    const base = signRequest({ businessKey: uniqueKey('sealed'), signers: [] });
    const mismatched = sealedPhone(base, '+15557770101', maskPhoneNumber('+15557770199'));
    const answer = await api.call('POST', '/v1/sign-requests', { body: mismatched });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      type: 'urn:box-sign:problem:invalid-input',
      failureType: 'InvalidSignRequestInput',
      detail: expect.stringContaining('signers[0].verificationPhoneNumber must be sealed with its own masked number'),
    });
    expect(JSON.stringify(answer.body)).not.toContain('7770101');

    const notAPhone = sealedPhone(
      signRequest({ businessKey: uniqueKey('sealed'), signers: [] }),
      'call me',
      maskPhoneNumber('+15557770101'),
    );
    const refused = await api.call('POST', '/v1/sign-requests', { body: notAPhone });
    expect([refused.status, refused.body.detail]).toEqual([
      400,
      expect.stringContaining('signers[0].verificationPhoneNumber must be an E.164 phone number'),
    ]);
    for (const sent of [mismatched, notAPhone]) {
      expect(await h.control.findByExternalId(apiWorkflowId(sent.businessKey))).toEqual([]);
    }
  });

  function sealingKey() {
    if (h.sealing.mode !== 'sealed') throw new Error('the harness seals');
    return h.sealing.publicKey;
  }
});
