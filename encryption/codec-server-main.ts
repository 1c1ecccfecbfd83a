import { createJsonLogger, parseLogLevel } from '../logging/logger';
import { loadCodecServerConfig } from './codec-server-config';
import { startCodecServer } from './codec-server';
import { EncryptionConfigError } from './errors';

/** `node lib/encryption/codec-server-main.js`: the codec server as a process, configured from env. */
async function main(): Promise<void> {
  const config = loadCodecServerConfig();
  const logger = createJsonLogger('codec-server', parseLogLevel(process.env.LOG_LEVEL));
  const server = await startCodecServer(config, logger);
  process.stdout.write(`codec server listening on ${server.url}\n`);
  const shutdown = () => {
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  if (err instanceof EncryptionConfigError) {
    process.stderr.write(`codec server: ${err.message}\n`);
    process.exit(2);
  }
  const code = (err as NodeJS.ErrnoException).code;
  process.stderr.write(
    code === 'EADDRINUSE'
      ? 'codec server: the port is already in use; stop the other process or set CODEC_SERVER_PORT\n'
      : `codec server: failed to start: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
