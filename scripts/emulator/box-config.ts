import type { BoxClientConfig } from '../../box/config';
import { EMULATOR_DEFAULTS } from 'box-sign-emulator';

/** The enterprise the emulator's client-credentials grant is asked for (the emulator accepts any subject id). */
export const EMULATOR_ENTERPRISE_ID = '11446499';

/**
 * How the product's Box client reaches an emulator at `emulatorUrl`: its API root, token URL and the emulator's
 * client credentials. As against Box, the client mints a token and mints another when the emulator's clock has
 * run it out (a 401), so suites that move the clock by days keep working; a developer token would expire.
 */
export function emulatorBoxConfig(emulatorUrl: string, timeoutMs: number): BoxClientConfig {
  return {
    apiBaseUrl: `${emulatorUrl}/2.0`,
    // The emulator serves Box's upload host's paths (/api/2.0/...) on its one origin.
    uploadBaseUrl: `${emulatorUrl}/api/2.0`,
    tokenUrl: `${emulatorUrl}/oauth2/token`,
    auth: {
      kind: 'client-credentials',
      clientId: EMULATOR_DEFAULTS.clientId,
      clientSecret: EMULATOR_DEFAULTS.clientSecret,
      subjectType: 'enterprise',
      subjectId: EMULATOR_ENTERPRISE_ID,
    },
    timeoutMs,
  };
}

/** The same, as the environment a worker, receiver, API or CLI process reads (box/config.ts), for an emulator at `url`. */
export function emulatorBoxEnv(emulatorUrl: string): Record<string, string> {
  return {
    BOX_API_BASE_URL: `${emulatorUrl}/2.0`,
    BOX_UPLOAD_BASE_URL: `${emulatorUrl}/api/2.0`,
    BOX_CLIENT_ID: EMULATOR_DEFAULTS.clientId,
    BOX_CLIENT_SECRET: EMULATOR_DEFAULTS.clientSecret,
    BOX_SUBJECT_TYPE: 'enterprise',
    BOX_SUBJECT_ID: EMULATOR_ENTERPRISE_ID,
  };
}
