import { createJsonLogger, parseLogLevel } from '../logging/logger';
import { startEmulator, type EmulatorOptions } from './server';
import { webhooksFromEnv } from './webhooks/env';

const DEFAULT_PORT = 8788;

function intFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer, got '${raw}'`);
  }
  return value;
}

const strFromEnv = (name: string): string | undefined => {
  const raw = process.env[name];
  return raw === undefined || raw === '' ? undefined : raw;
};

/** A JSON array of fault specs, as `POST /_emulator/faults` takes them (validated at start). */
function faultsFromEnv(name: string): unknown[] | undefined {
  const raw = strFromEnv(name);
  if (raw === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (Array.isArray(parsed)) return parsed as unknown[];
  } catch {
    // reported below
  }
  throw new Error(`${name} must be a JSON array of fault specs`);
}

function switchFromEnv(name: string): boolean {
  const raw = strFromEnv(name)?.toLowerCase();
  if (raw === undefined || ['off', '0', 'false'].includes(raw)) return false;
  if (['on', '1', 'true'].includes(raw)) return true;
  throw new Error(`${name} must be on or off, got '${raw}'`);
}

async function main(): Promise<void> {
  let options: EmulatorOptions;
  try {
    options = {
      host: strFromEnv('EMULATOR_HOST'),
      port: intFromEnv('EMULATOR_PORT') ?? DEFAULT_PORT,
      stateFile: strFromEnv('EMULATOR_STATE_FILE'),
      developerToken: strFromEnv('EMULATOR_DEVELOPER_TOKEN'),
      clientId: strFromEnv('EMULATOR_CLIENT_ID'),
      clientSecret: strFromEnv('EMULATOR_CLIENT_SECRET'),
      conversionDelayMs: intFromEnv('EMULATOR_CONVERSION_DELAY_MS'),
      finalizingDelayMs: intFromEnv('EMULATOR_FINALIZING_DELAY_MS'),
      faults: faultsFromEnv('EMULATOR_FAULTS'),
      rateLimits: { enabled: switchFromEnv('EMULATOR_RATE_LIMITS') },
      webhooks: webhooksFromEnv(process.env),
      logger: createJsonLogger('emulator', parseLogLevel(process.env.LOG_LEVEL)),
    };
  } catch (error) {
    process.stderr.write(`box-sign-emulator: ${(error as Error).message}\n`);
    process.exit(1);
  }

  let emulator;
  try {
    emulator = await startEmulator(options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      process.stderr.write(
        `box-sign-emulator: port ${options.port} is already in use; stop the other process or set EMULATOR_PORT to a free port\n`,
      );
    } else {
      process.stderr.write(`box-sign-emulator: failed to start: ${String(error)}\n`);
    }
    process.exit(1);
  }

  process.stdout.write(`box-sign-emulator listening on ${emulator.url}\n`);
  const shutdown = (): void => {
    emulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

void main();
