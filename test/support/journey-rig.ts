import { createBoxSignClient } from '../../box/sign-client';
import { emulatorBoxConfig } from '../../scripts/emulator/box-config';
import type { WebhookRig } from '../webhooks/webhook-rig';
import { startWebhookRig } from '../webhooks/webhook-rig';
import type { ApiRig } from './api-rig';
import { newRigClients, startApiRig } from './api-rig';
import type { CallbackReceiver } from './callback-receiver';
import { startCallbackReceiver } from './callback-receiver';
import type { Harness } from './harness';

/** A request's whole journey: Box's webhooks to the real receiver, the HTTP API, client-a's signed callbacks. */
export interface JourneyRig {
  h: Harness;
  api: ApiRig;
  /** Verifies client-a's callbacks. */
  receiver: CallbackReceiver;
  /** Reads Box (the emulator) as the product does. */
  box: ReturnType<typeof createBoxSignClient>;
  stop(): Promise<void>;
}

export async function startJourneyRig(): Promise<JourneyRig> {
  const rigClients = newRigClients();
  const secretFor = (name: string) => rigClients.clients.byName(name)?.callbackSecret;
  const rig: WebhookRig = await startWebhookRig(
    {},
    { callbacks: { secretFor, allowHosts: ['127.0.0.1'] }, apiClients: rigClients.clients },
  );
  const h = rig.h;
  const box = createBoxSignClient(emulatorBoxConfig(h.emulator.url, 10_000));
  const api = await startApiRig(h, { box }, rigClients).catch(async (err: unknown) => {
    await rig.teardown();
    throw err;
  });
  const secret = rigClients.clients.byName('client-a')?.callbackSecret ?? '';
  const receiver = await startCallbackReceiver(secret).catch(async (err: unknown) => {
    await api.stop();
    await rig.teardown();
    throw err;
  });
  return {
    h,
    api,
    receiver,
    box,
    async stop() {
      await api.stop();
      await rig.teardown();
      await receiver.stop();
    },
  };
}
