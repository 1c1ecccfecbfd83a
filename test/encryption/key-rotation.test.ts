import { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { createDataConverter } from '../../config/data-converter';
import { PayloadDecryptionError } from '../../encryption/errors';
import { generateKeyRing, rotateKeyRing } from '../../encryption/key-ring';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { encryptionKeyIds, rawHistory } from '../support/plaintext-search';
import { boxRequestFor } from '../support/signers';

describe('encryption key rotation', () => {
  const keyA = generateKeyRing(`key-a-${randomUUID().slice(0, 6)}`);
  const keyB = rotateKeyRing(keyA, `key-b-${randomUUID().slice(0, 6)}`);
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ keyRing: keyA });
  }, 60_000);
  afterAll(() => h?.teardown());

  async function signWithPassword(workflowId: string, email: string, password: string): Promise<void> {
    const id = await boxRequestFor(h.control, workflowId);
    expect((await h.control.signer(id, email, 'verify', { password })).status).toBe(200);
    expect((await h.control.signer(id, email, 'sign')).status).toBe(200);
  }

  it('requests started under key A finish after a restart on key B (A still accepted); new ones are written with B', async () => {
    const phoneEmail = 'rotation.phone@example.com';
    const before = {
      phone: await h.start(signRequest({ signers: [{ email: phoneEmail, verificationPhoneNumber: '+15551230001' }] })),
      password: await h.start(signRequest({ signers: [{ email: 'rotation.pw@example.com', password: 'rotate me' }] })),
    };
    const phoneRequestId = await boxRequestFor(h.control, before.phone);
    await boxRequestFor(h.control, before.password);
    expect(encryptionKeyIds(await rawHistory(before.phone))).toEqual(new Set([keyA.activeKeyId]));

    await h.restartWorker(keyB);

    await h.control.signer(phoneRequestId, phoneEmail, 'send-code');
    const code = await h.control.latestCode(phoneRequestId, phoneEmail);
    expect((await h.control.signer(phoneRequestId, phoneEmail, 'verify', { code })).status).toBe(200);
    expect((await h.control.signer(phoneRequestId, phoneEmail, 'sign')).status).toBe(200);
    await signWithPassword(before.password, 'rotation.pw@example.com', 'rotate me');
    expect((await h.result(before.phone)).outcome).toBe('signed');
    expect((await h.result(before.password)).outcome).toBe('signed');
    // Written under A before the restart, under B after it; both read back.
    expect(encryptionKeyIds(await rawHistory(before.phone))).toEqual(new Set([keyA.activeKeyId, keyB.activeKeyId]));

    const after = await h.start(
      signRequest({ signers: [{ email: 'rotation.new@example.com', password: 'fresh key' }] }),
    );
    await signWithPassword(after, 'rotation.new@example.com', 'fresh key');
    expect((await h.result(after)).outcome).toBe('signed');
    expect(encryptionKeyIds(await rawHistory(after))).toEqual(new Set([keyB.activeKeyId]));
  });

  it('a client without the old key cannot read what it sealed: a clear error names the key id', async () => {
    const workflowId = await h.start(
      signRequest({ signers: [{ email: 'rotation.late@example.com', password: 'x-late' }] }),
    );
    const onlyNewKey = { activeKeyId: 'key-only-new', keys: new Map([['key-only-new', Buffer.alloc(32, 9)]]) };
    const client = new Client({
      connection: h.client.connection,
      dataConverter: createDataConverter({ mode: 'encrypted', keyRing: onlyNewKey }),
    });
    // describe() decodes the memo (the workflow's status and input digest) at once; the summary lazily: either fails.
    const error = await client.workflow
      .getHandle(workflowId)
      .describe()
      .then((description) => description.staticSummary())
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(PayloadDecryptionError);
    expect(error).toMatchObject({ reason: 'unknown-key-id' });
    expect((error as Error).message).toContain(`"${h.keyRing.activeKeyId}"`);
    await signWithPassword(workflowId, 'rotation.late@example.com', 'x-late');
    expect((await h.result(workflowId)).outcome).toBe('signed');
  });
});
