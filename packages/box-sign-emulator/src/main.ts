import type { EmulatorEnvConfig } from './env/load';
import { loadEmulatorEnvConfig } from './env/load';
import { EmulatorConfigError } from './env/reader';
import { createJsonLogger } from './logger';
import { startEmulator } from './server';

async function main(): Promise<void> {
  let config: EmulatorEnvConfig;
  try {
    config = loadEmulatorEnvConfig(process.env);
  } catch (error) {
    if (!(error instanceof EmulatorConfigError)) throw error;
    process.stderr.write(`box-sign-emulator: ${error.message}\n`);
    process.exit(2);
  }
  const options = { ...config.options, logger: createJsonLogger(config.logLevel) };

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
