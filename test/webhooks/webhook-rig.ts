import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { emulatorBoxConfig, emulatorBoxEnv } from '../../scripts/emulator/box-config';
import { createBoxSignClient } from '../../box/sign-client';
import { ALL_SENT_TRIGGERS, type WebhookSettings } from 'box-sign-emulator';
import { registerLocalReceiver } from '../../scripts/emulator/local-receiver';
import { createJsonLogger } from '../../logging/logger';
import { OwnedProcess } from '../../scripts/owned-process';
import { waitFor } from '../../scripts/processes';
import { PROJECT_ROOT } from '../../scripts/tools';
import type { RunningWebhookReceiver } from '../../webhooks/receiver';
import { startWebhookReceiver } from '../../webhooks/receiver';
import { WorkflowNotifier } from '../../webhooks/workflow-notifier';
import type { Harness, HarnessOptions } from '../support/harness';
import { startHarness } from '../support/harness';

/** The folder the harness files its requests in (test/support/harness.ts). */
export const HARNESS_FOLDER_ID = '987654321';

/**
 * Everything real, end to end: the harness (shared Temporal dev server, emulator, worker with payload encryption)
 * plus the webhook receiver on a free port, a folder webhook for every Sign trigger on the harness's folder, and
 * the emulator delivering what it fires to the receiver with Box's two keys (`settings.triggers` narrows it).
 */
export interface WebhookRig {
  h: Harness;
  receiver: RunningWebhookReceiver;
  keys: { primary: string; secondary: string };
  /** The receiver's JSON log lines (debug level). */
  logs: string[];
  teardown(): Promise<void>;
}

export async function startWebhookRig(
  settings: WebhookSettings = {},
  harnessOptions: HarnessOptions = {},
): Promise<WebhookRig> {
  const h = await startHarness(harnessOptions);
  const keys = { primary: randomKey(), secondary: randomKey() };
  const logs: string[] = [];
  const box = createBoxSignClient(emulatorBoxConfig(h.emulator.url, 5_000));
  const receiver = await startWebhookReceiver({
    keys,
    notifier: new WorkflowNotifier({ client: h.client, taskQueue: h.taskQueue, signalTimeoutMs: 5_000 }),
    logger: createJsonLogger('webhook-receiver', 'debug', (line) => logs.push(line)),
  });
  // Box delivers only what a webhook was registered for: the harness files its requests in this folder.
  await registerLocalReceiver(box, HARNESS_FOLDER_ID, ALL_SENT_TRIGGERS);
  await h.control.configureWebhooks({
    address: receiver.webhookUrl,
    primary_key: keys.primary,
    secondary_key: keys.secondary,
    retry_base_delay_ms: 100,
    ...settings,
  });
  return {
    h,
    receiver,
    keys,
    logs,
    async teardown() {
      await receiver.stop();
      await h.teardown();
    },
  };
}

export function randomKey(): string {
  return randomBytes(24).toString('base64');
}

/** Polling so slow that only a webhook can explain a prompt ending. */
export const SLOW_POLLING = { initialIntervalMs: 600_000, backoffCoefficient: 1, maximumIntervalMs: 600_000 };

/** Where a receiver process finds its signature keys and writes its output. */
export interface ReceiverProcessFiles {
  primaryKeyFile: string;
  secondaryKeyFile: string;
  logFile: string;
}

/** `node lib/webhooks/main.js` on `port`, against the harness's Temporal and emulator; resolves once it is healthy. */
export async function startReceiverProcess(
  h: Harness,
  port: number,
  files: ReceiverProcessFiles,
): Promise<OwnedProcess> {
  const receiver = new OwnedProcess(process.execPath, [join(PROJECT_ROOT, 'lib', 'webhooks', 'main.js')], {
    logFile: files.logFile,
    env: {
      PATH: process.env.PATH,
      TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
      ...emulatorBoxEnv(h.emulator.url),
      WEBHOOK_RECEIVER_PORT: String(port),
      BOX_WEBHOOK_PRIMARY_KEY_FILE: files.primaryKeyFile,
      BOX_WEBHOOK_SECONDARY_KEY_FILE: files.secondaryKeyFile,
      ...h.encryptionEnv,
    },
  });
  const health = async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok;
  await waitFor('the webhook receiver', health, 20_000, { pid: receiver.pid, logFile: files.logFile });
  return receiver;
}
