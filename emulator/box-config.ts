import type { BoxClientConfig } from '../box/config';
import { EMULATOR_DEFAULTS } from './server';

/** How the product's Box client reaches an emulator at `emulatorUrl`: its API root, token URL and developer token. */
export function emulatorBoxConfig(emulatorUrl: string, timeoutMs: number): BoxClientConfig {
  return {
    apiBaseUrl: `${emulatorUrl}/2.0`,
    tokenUrl: `${emulatorUrl}/oauth2/token`,
    auth: { kind: 'developer-token', token: EMULATOR_DEFAULTS.developerToken },
    timeoutMs,
  };
}
