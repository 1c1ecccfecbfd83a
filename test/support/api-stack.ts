import { createBoxSignClient } from '../../box/sign-client';
import { emulatorBoxConfig } from '../../scripts/emulator/box-config';
import type { ApiRig, RigClients } from './api-rig';
import { newRigClients, startApiRig } from './api-rig';
import type { Harness } from './harness';
import { startHarness } from './harness';

/** The API over a harness whose worker signs callbacks with the API clients' own secrets: a whole business-system path. */
export interface ApiStack {
  rigClients: RigClients;
  h: Harness;
  api: ApiRig;
  stop(): Promise<void>;
}

export async function startApiStack(): Promise<ApiStack> {
  const rigClients = newRigClients();
  const secretFor = (name: string) => rigClients.clients.byName(name)?.callbackSecret;
  const h = await startHarness({
    callbacks: { secretFor, allowHosts: ['127.0.0.1'] },
    apiClients: rigClients.clients,
  });
  // The API uploads documents to the harness's emulator, as the local stack's API does.
  const box = createBoxSignClient(emulatorBoxConfig(h.emulator.url, 10_000));
  const api = await startApiRig(h, { box }, rigClients);
  return {
    rigClients,
    h,
    api,
    async stop() {
      await api.stop();
      await h.teardown();
    },
  };
}
