import type { BoxWebhooksApi } from '../../box/sign-client';
import type { RegisterOutcome } from '../../webhooks/register';
import { DEFAULT_TRIGGERS, registerWebhook } from '../../webhooks/register';

/**
 * The public https address registered for a local receiver. Box only delivers to a public https host on port 443,
 * and the emulator keeps that rule for `POST /2.0/webhooks`; what it delivers to that address lands on its
 * configured local address instead, the way a tunnel would carry it to the receiver.
 */
export const STAND_IN_WEBHOOK_ADDRESS = 'https://webhooks.emulator.box.test/webhooks/box';

/**
 * Registers, the way `npm run webhooks:register` does, the folder webhook a local receiver (the stack's, a test's)
 * gets the events of `folderId` (and its subfolders) through. Already registered (409) is fine: Box keeps webhooks.
 */
export function registerLocalReceiver(
  box: BoxWebhooksApi,
  folderId: string,
  triggers: readonly string[] = DEFAULT_TRIGGERS,
): Promise<RegisterOutcome> {
  return registerWebhook(box, { folderId, address: STAND_IN_WEBHOOK_ADDRESS, triggers: [...triggers] });
}
