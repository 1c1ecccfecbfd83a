import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBoxSignClient } from '../../box/sign-client';
import { EMULATOR_MAIN, EMULATOR_USERS, EmulatorControl } from 'box-sign-emulator';
import { emulatorBoxConfig, emulatorBoxEnv } from '../emulator/box-config';
import { registerLocalReceiver } from '../emulator/local-receiver';
import { STACK_DIR, type StackInfo } from './info';
import { HOST } from './ports';

/** Everything the stack takes from the Box Sign emulator: the one file of the stack that imports it. */

/** The emulator's process, relative to the checkout (and what its recorded command line contains). */
export { EMULATOR_MAIN };

/** The emulator's users may be named as senders on the local stack (worker, API, receiver). */
export const STACK_SENDERS = EMULATOR_USERS.map((user) => user.id).join(',');

/** The folder the demo and the examples file their requests in; its webhook covers its subfolders too. */
export const STACK_WEBHOOK_FOLDER_ID = '987654321';

/** The Box settings that point a process at the stack's emulator. */
export function stackBoxEnv(info: StackInfo): NodeJS.ProcessEnv {
  return emulatorBoxEnv(info.emulatorUrl);
}

/** The file the CLI reads the stack's Box settings from when none are set (box-sign download). */
export const STACK_BOX_ENV_FILE = 'box-env.json';

/** Writes the emulator's Box settings under STACK_DIR, for CLI commands that call Box themselves (download). */
export function writeStackBoxEnv(info: StackInfo): void {
  writeFileSync(join(STACK_DIR, STACK_BOX_ENV_FILE), JSON.stringify(stackBoxEnv(info)));
}

/** Environment for the emulator: its port, its state file, and where and with which keys it signs webhooks. */
export function emulatorEnv(info: StackInfo, port: number, stateFile: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    EMULATOR_HOST: HOST,
    EMULATOR_PORT: String(port),
    EMULATOR_STATE_FILE: stateFile,
    EMULATOR_WEBHOOK_ADDRESS: info.webhookReceiverUrl,
    EMULATOR_WEBHOOK_PRIMARY_KEY_FILE: info.webhookKeyFiles.primary,
    EMULATOR_WEBHOOK_SECONDARY_KEY_FILE: info.webhookKeyFiles.secondary,
  };
}

export function emulatorHealthy(info: StackInfo): Promise<boolean> {
  return new EmulatorControl(info.emulatorUrl).health();
}

/**
 * Box delivers only what a webhook was registered for: the stack registers the folder webhook as an operator would
 * (the register CLI's code and default triggers). The emulator keeps webhooks in its state file; a second `up`
 * finds it registered.
 */
export async function registerStackWebhook(info: StackInfo): Promise<void> {
  const box = createBoxSignClient(emulatorBoxConfig(info.emulatorUrl, 5_000));
  await registerLocalReceiver(box, STACK_WEBHOOK_FOLDER_ID);
}
