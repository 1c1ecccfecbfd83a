import { Client } from '@temporalio/client';
import { decodeOptionalFailureToOptionalError } from '@temporalio/common/lib/internal-non-workflow';
import { signRequestStartOptions } from '../../client/sign-requests';
import { SIGN_REQUEST_WORKFLOW_TYPE } from '../../contracts';
import { loadPayloadProtection } from '../../encryption/key-config';
import { formatKeyRing, generateKeyRing } from '../../encryption/key-ring';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { boxRequestFor, eventually } from '../support/signers';
import { historyEvents } from '../support/workflow-history';

/**
 * Once a deployment has migrated, BOX_SIGN_REQUIRE_ENCRYPTED_PAYLOADS=true: a plain `json/plain` input (written by
 * someone who reaches Temporal without the payload keys) is refused by the worker's codec, naming the setting.
 */
describe('refusing unencrypted payloads', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ refusePlainPayloads: true });
  }, 60_000);
  afterAll(async () => {
    await h?.teardown();
  });

  it('a plain start straight through Temporal never runs: its first task fails naming the setting, nothing on Box', async () => {
    const plain = new Client({ connection: h.client.connection, namespace: h.client.options.namespace });
    const input = signRequest({ signers: [{ email: 'plain.payload@example.com', password: 'plain-pw' }] });
    const options = signRequestStartOptions(input, { taskQueue: h.taskQueue, sealing: { mode: 'insecure-plaintext' } });
    const handle = await plain.workflow.start(SIGN_REQUEST_WORKFLOW_TYPE, options);
    try {
      const events = await eventually(
        () => historyEvents(h.client.workflow.getHandle(handle.workflowId)),
        (all) => all.some((e) => e.workflowTaskFailedEventAttributes),
      );
      const failed = events.find((e) => e.workflowTaskFailedEventAttributes)?.workflowTaskFailedEventAttributes;
      const error = await decodeOptionalFailureToOptionalError(h.client.options.loadedDataConverter, failed?.failure);
      expect(error?.message).toMatch(/BOX_SIGN_REQUIRE_ENCRYPTED_PAYLOADS=true refuses unencrypted payloads/);
      expect(await h.control.findByExternalId(handle.workflowId)).toEqual([]);
    } finally {
      await handle.terminate('test cleanup');
    }
  });

  it('encrypted starts still run', async () => {
    const workflowId = await h.start(signRequest({ signers: [{ email: 'encrypted@example.com', password: 'pw' }] }));
    await boxRequestFor(h.control, workflowId);
    await h.client.workflow.getHandle(workflowId).terminate('test cleanup');
  });

  it('is read from the environment, and contradicts insecure plaintext mode', () => {
    const ring = generateKeyRing('k1');
    const keys = { BOX_SIGN_ENCRYPTION_KEYS: formatKeyRing(ring) };
    expect(loadPayloadProtection({ ...keys, BOX_SIGN_REQUIRE_ENCRYPTED_PAYLOADS: 'true' })).toMatchObject({
      mode: 'encrypted',
      refusePlain: true,
    });
    expect(loadPayloadProtection(keys)).not.toHaveProperty('refusePlain');
    expect(() =>
      loadPayloadProtection({
        BOX_SIGN_INSECURE_PLAINTEXT_PAYLOADS: 'true',
        BOX_SIGN_REQUIRE_ENCRYPTED_PAYLOADS: 'true',
      }),
    ).toThrow(/BOX_SIGN_REQUIRE_ENCRYPTED_PAYLOADS=true contradicts BOX_SIGN_INSECURE_PLAINTEXT_PAYLOADS=true/);
  });
});
