import { SettingsReader } from '../config/reader';
import { SETTINGS } from '../config/settings';
import { EMULATOR_SETTINGS } from '../config/settings/emulator';
import type { LogLevel } from '../logging/logger';
import { ControlError } from './errors';
import { parseFaultSpecs } from './faults';
import type { EmulatorOptions } from './server';
import { webhooksFromEnv } from './webhooks/env';

const S = EMULATOR_SETTINGS;

export interface EmulatorEnvConfig {
  options: EmulatorOptions & { port: number };
  logLevel: LogLevel;
}

/** The emulator's options from its environment; every problem at once ("Invalid emulator configuration: …"). */
export function loadEmulatorEnvConfig(env: NodeJS.ProcessEnv = process.env): EmulatorEnvConfig {
  const reader = new SettingsReader(env, 'emulator');
  const set = (name: string) => reader.raw(name) !== undefined;
  const options: EmulatorOptions & { port: number } = {
    host: reader.get(S.EMULATOR_HOST),
    port: reader.get(S.EMULATOR_PORT),
    stateFile: reader.get(S.EMULATOR_STATE_FILE),
    developerToken: reader.get(S.EMULATOR_DEVELOPER_TOKEN),
    clientId: reader.get(S.EMULATOR_CLIENT_ID),
    clientSecret: reader.get(S.EMULATOR_CLIENT_SECRET),
    // Unset: startEmulator's own defaults (EMULATOR_DEFAULTS).
    conversionDelayMs: set(S.EMULATOR_CONVERSION_DELAY_MS.name)
      ? reader.get(S.EMULATOR_CONVERSION_DELAY_MS)
      : undefined,
    finalizingDelayMs: set(S.EMULATOR_FINALIZING_DELAY_MS.name)
      ? reader.get(S.EMULATOR_FINALIZING_DELAY_MS)
      : undefined,
    faults: faultsFrom(reader),
    rateLimits: {
      enabled: reader.get(S.EMULATOR_RATE_LIMITS),
      create_resend_per_minute: reader.get(S.EMULATOR_CREATE_RESEND_PER_MINUTE),
      get_per_minute: reader.get(S.EMULATOR_GET_PER_MINUTE),
    },
    webhooks: webhooksFromEnv(reader),
  };
  const logLevel = reader.get(SETTINGS.LOG_LEVEL);
  return reader.finish('emulator configuration', () => ({ options, logLevel }));
}

/** A JSON array of fault specs, checked with the control API's rules (`POST /_emulator/faults`). */
function faultsFrom(reader: SettingsReader): unknown[] | undefined {
  const raw = reader.get(S.EMULATOR_FAULTS);
  if (raw === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    reader.problem(`${S.EMULATOR_FAULTS.name} must be a JSON array of fault specs`);
    return undefined;
  }
  try {
    parseFaultSpecs(parsed);
    return parsed as unknown[];
  } catch (err) {
    if (!(err instanceof ControlError)) throw err;
    const message = err.body.message;
    reader.problem(`${S.EMULATOR_FAULTS.name}: ${typeof message === 'string' ? message : 'invalid fault spec'}`);
    return undefined;
  }
}
