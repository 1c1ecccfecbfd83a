import { ControlError } from '../errors';
import { parseFaultSpecs } from '../faults';
import { LOG_LEVELS, type LogLevel } from '../logger';
import { BOX_PUBLISHED_RATE_LIMITS } from '../rate-limits';
import { EMULATOR_DEFAULTS, type EmulatorOptions } from '../server';
import { EnvReader } from './reader';
import { webhooksFromEnv } from './webhooks';

export interface EmulatorEnvConfig {
  options: EmulatorOptions & { port: number };
  logLevel: LogLevel;
}

/** The emulator's port unless EMULATOR_PORT says otherwise. */
export const DEFAULT_EMULATOR_PORT = 8788;

/**
 * The emulator's options from its environment (the README lists every variable); unset ones keep startEmulator's
 * defaults. Every problem at once, in an EmulatorConfigError ("Invalid emulator configuration: …").
 */
export function loadEmulatorEnvConfig(env: NodeJS.ProcessEnv = process.env): EmulatorEnvConfig {
  const reader = new EnvReader(env);
  const options: EmulatorOptions & { port: number } = {
    host: reader.string('EMULATOR_HOST') ?? EMULATOR_DEFAULTS.host,
    port: reader.port('EMULATOR_PORT') ?? DEFAULT_EMULATOR_PORT,
    stateFile: reader.string('EMULATOR_STATE_FILE'),
    filesDir: reader.string('EMULATOR_FILES_DIR'),
    developerToken: reader.secret('EMULATOR_DEVELOPER_TOKEN'),
    clientId: reader.string('EMULATOR_CLIENT_ID'),
    clientSecret: reader.secret('EMULATOR_CLIENT_SECRET'),
    conversionDelayMs: reader.int('EMULATOR_CONVERSION_DELAY_MS', 0),
    finalizingDelayMs: reader.int('EMULATOR_FINALIZING_DELAY_MS', 0),
    faults: faultsFrom(reader),
    rateLimits: {
      enabled: reader.onOff('EMULATOR_RATE_LIMITS') ?? false,
      create_resend_per_minute:
        reader.int('EMULATOR_CREATE_RESEND_PER_MINUTE', 1) ?? BOX_PUBLISHED_RATE_LIMITS.create_resend_per_minute,
      get_per_minute: reader.int('EMULATOR_GET_PER_MINUTE', 1) ?? BOX_PUBLISHED_RATE_LIMITS.get_per_minute,
      upload_per_minute: reader.int('EMULATOR_UPLOAD_PER_MINUTE', 1) ?? BOX_PUBLISHED_RATE_LIMITS.upload_per_minute,
    },
    webhooks: webhooksFromEnv(reader),
  };
  const logLevel = reader.oneOf('LOG_LEVEL', LOG_LEVELS) ?? 'info';
  return reader.finish({ options, logLevel });
}

/** A JSON array of fault specs, checked with the control API's rules (`POST /_emulator/faults`). */
function faultsFrom(reader: EnvReader): unknown[] | undefined {
  const raw = reader.raw('EMULATOR_FAULTS');
  if (raw === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    reader.problem('EMULATOR_FAULTS must be a JSON array of fault specs');
    return undefined;
  }
  try {
    parseFaultSpecs(parsed);
    return parsed as unknown[];
  } catch (err) {
    if (!(err instanceof ControlError)) throw err;
    const message = err.body.message;
    reader.problem(`EMULATOR_FAULTS: ${typeof message === 'string' ? message : 'invalid fault spec'}`);
    return undefined;
  }
}
