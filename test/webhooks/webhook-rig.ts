import { randomBytes } from 'node:crypto';
import { emulatorBoxConfig } from '../../emulator/box-config';
import { createBoxSignClient } from '../../box/sign-client';
import { ALL_SENT_TRIGGERS } from '../../emulator/webhooks/config';
import { registerLocalReceiver } from '../../emulator/webhooks/stand-in';
import type { WebhookSettings } from '../../emulator/control-client';
import { createJsonLogger } from '../../logging/logger';
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
    notifier: new WorkflowNotifier({ client: h.client, box, signalTimeoutMs: 5_000 }),
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
