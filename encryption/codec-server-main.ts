import { ConfigError } from '../config/config-error';
import { exitOnStartupFailure, stopOnSignals } from '../http/server-process';
import { createJsonLogger } from '../logging/logger';
import { CODEC_SERVER_ENV, loadCodecServerConfig } from './codec-server-config';
import { startCodecServer } from './codec-server';

/** `node lib/encryption/codec-server-main.js`: the codec server as a process, configured from env. */
async function main(): Promise<void> {
  const config = loadCodecServerConfig();
  const logger = createJsonLogger('codec-server', config.logLevel);
  const server = await startCodecServer(config, logger);
  process.stdout.write(`codec server listening on ${server.url}\n`);
  stopOnSignals(() => server.stop());
}

main().catch(exitOnStartupFailure('codec server', (err) => err instanceof ConfigError, CODEC_SERVER_ENV.port));
