import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBoxSignClient } from '../../box/sign-client';
import { emulatorBoxConfig } from '../../scripts/emulator/box-config';
import { registerLocalReceiver } from '../../scripts/emulator/local-receiver';
import type { OwnedProcess } from '../../scripts/owned-process';
import { ConfigError } from '../../config/config-error';
import { freePort, waitFor } from '../../scripts/processes';
import { PROJECT_ROOT } from '../../scripts/tools';
import { loadWebhookReceiverConfig } from '../../webhooks/config';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { runBuilt } from '../support/run-built';
import { boxRequestFor } from '../support/signers';
import { HARNESS_FOLDER_ID, SLOW_POLLING, randomKey, startReceiverProcess } from './webhook-rig';

const RECEIVER = join(PROJECT_ROOT, 'lib', 'webhooks', 'main.js');

describe('the webhook receiver process (node lib/webhooks/main.js)', () => {
  it('reports every configuration problem in one message, never echoing a key', () => {
    let error: unknown;
    try {
      loadWebhookReceiverConfig({
        WEBHOOK_RECEIVER_PORT: 'eighty',
        BOX_WEBHOOK_MAX_AGE_SECONDS: '3600',
        BOX_WEBHOOK_PRIMARY_KEY: 'secret-primary-key-value',
        BOX_WEBHOOK_PRIMARY_KEY_FILE: '/nonexistent/key',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('WEBHOOK_RECEIVER_PORT must be a whole number');
    expect(message).toContain('BOX_WEBHOOK_MAX_AGE_SECONDS must be a whole number from 1 to 600');
    expect(message).toContain('set BOX_WEBHOOK_PRIMARY_KEY or BOX_WEBHOOK_PRIMARY_KEY_FILE, not both');
    // The receiver holds no Box credentials: nothing in its configuration asks for them.
    expect(message).not.toContain('Box authentication');
    expect(message).toContain('no payload encryption key');
    expect(message).not.toContain('secret-primary-key-value');
  });

  it('refuses to start without a signature key (exit 2, one message)', async () => {
    const run = await runBuilt(RECEIVER, [], {
      BOX_DEVELOPER_TOKEN: 'token',
      BOX_SIGN_INSECURE_PLAINTEXT_PAYLOADS: 'true',
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no webhook signature key');
  });

  describe('running', () => {
    let h: Harness;
    let receiver: OwnedProcess;
    let url: string;
    const dir = mkdtempSync(join(tmpdir(), 'box-sign-receiver-'));
    const primaryFile = join(dir, 'primary');
    const secondaryFile = join(dir, 'secondary');
    const keys = { primary: randomKey(), secondary: randomKey() };

    beforeAll(async () => {
      h = await startHarness();
      writeFileSync(primaryFile, `${keys.primary}\n`);
      writeFileSync(secondaryFile, `${keys.secondary}\n`);
      const port = await freePort();
      url = `http://127.0.0.1:${port}/webhooks/box`;
      receiver = await startReceiverProcess(h, port, {
        primaryKeyFile: primaryFile,
        secondaryKeyFile: secondaryFile,
        logFile: join(dir, 'receiver.log'),
      });
      // Box delivers only what a webhook was registered for: the harness's folder, the completion.
      const box = createBoxSignClient(emulatorBoxConfig(h.emulator.url, 5_000));
      await registerLocalReceiver(box, HARNESS_FOLDER_ID, ['SIGN_REQUEST.COMPLETED']);
      await h.control.configureWebhooks({
        address: url,
        primary_key: keys.primary,
        secondary_key: keys.secondary,
        triggers: ['SIGN_REQUEST.COMPLETED'],
        retry_base_delay_ms: 100,
      });
    }, 60_000);
    afterAll(async () => {
      await receiver?.stop();
      await h?.teardown();
    });

    it('ends a workflow from the emulator’s real delivery', async () => {
      const email = 'process.signer@example.com';
      const workflowId = await h.start(signRequest({ polling: SLOW_POLLING, signers: [{ email }] }));
      const id = await boxRequestFor(h.control, workflowId);
      await h.control.signer(id, email, 'sign');
      expect((await h.result(workflowId)).outcome).toBe('signed');
      const delivered = (await h.control.webhookDeliveries()).filter((d) => d.sign_request_id === id);
      expect(delivered.map((d) => d.status)).toEqual([200]);
    });

    it('re-reads its key files on SIGHUP: a rotated primary key is accepted without a restart', async () => {
      const signers = [{ email: 'process.rotate@example.com' }];
      const id = await boxRequestFor(h.control, await h.start(signRequest({ polling: SLOW_POLLING, signers })));
      const rotated = randomKey();
      await h.control.configureWebhooks({ primary_key: rotated, secondary_key: null });
      expect((await h.control.sendWebhook({ kind: 'genuine', sign_request_id: id })).status).toBe(401);
      writeFileSync(primaryFile, `${rotated}\n`);
      process.kill(receiver.pid, 'SIGHUP');
      await waitFor(
        'the rotated key',
        async () => (await h.control.sendWebhook({ kind: 'genuine', sign_request_id: id })).status === 200,
        10_000,
      );
    });
  });
});
