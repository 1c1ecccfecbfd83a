import { BoxCcgAuth, BoxClient, CcgConfig } from 'box-node-sdk';
import { EMULATOR_DEFAULTS } from '../src/server';

/** Box's official SDK pointed at an emulator: its API, upload and OAuth bases, the client-credentials grant. */
export function sdkClientFor(emulatorUrl: string): BoxClient {
  const auth = new BoxCcgAuth({
    config: new CcgConfig({
      clientId: EMULATOR_DEFAULTS.clientId,
      clientSecret: EMULATOR_DEFAULTS.clientSecret,
      enterpriseId: '11446499',
    }),
  });
  return new BoxClient({ auth }).withCustomBaseUrls(emulatorBaseUrls(emulatorUrl));
}

export function emulatorBaseUrls(emulatorUrl: string) {
  return { baseUrl: emulatorUrl, uploadUrl: `${emulatorUrl}/api`, oauth2Url: `${emulatorUrl}/oauth2` };
}
