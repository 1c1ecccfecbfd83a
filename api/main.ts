import { lazyClient } from '../client/temporal-client';
import { ConfigError } from '../config/config-error';
import { listen } from '../http/listen';
import { exitOnStartupFailure, stopOnSignals } from '../http/server-process';
import type { Logger } from '../logging/logger';
import { createJsonLogger } from '../logging/logger';
import type { BoxFilesApi } from '../box/file-content';
import { loadBoxConfig } from '../box/config';
import { createBoxSignClient } from '../box/sign-client';
import { startTracing } from '../tracing/process-tracing';
import type { ApiClientsSource } from './auth';
import { API_ENV, loadApiClients, loadApiConfig } from './config';
import { buildApiServer } from './server';

/**
 * `node lib/api/main.js`: the HTTP API for business systems, a Temporal client holding the payload keys.
 * SIGHUP re-reads the API keys file (the old clients stay if the new file is invalid); SIGINT/SIGTERM stop it
 * gracefully (in-flight requests finish, new ones get 503).
 */
async function main(): Promise<void> {
  const config = loadApiConfig();
  const tracing = startTracing('box-sign-api');
  const logger = createJsonLogger('api', config.logLevel);
  const temporal = lazyClient(config.temporal, config.payloadProtection);
  const clients: ApiClientsSource = { current: config.clients };
  const app = await buildApiServer({
    client: temporal.client,
    clients,
    taskQueue: config.temporal.taskQueue,
    createWaitMs: config.createWaitMs,
    sealing: config.sealing,
    rateLimitPerMinute: config.rateLimitPerMinute,
    bodyLimitBytes: config.bodyLimitBytes,
    requestTimeoutMs: config.requestTimeoutMs,
    callbackAllowHosts: config.callbackAllowHosts,
    allowedSenders: config.allowedSenders,
    logger,
    files: documentDownloads(logger),
  });
  const server = await listen(app, { host: config.host, port: config.port });
  process.stdout.write(`box-sign API listening on ${server.url} (OpenAPI ${server.url}/openapi.json)\n`);
  logger.info('api started', { url: server.url, clients: config.clients.names.length });
  process.on('SIGHUP', () => {
    try {
      clients.current = loadApiClients(config.keysFile, config.allowedSenders);
      logger.info('api: API clients re-read', { clients: clients.current.names.length });
    } catch (err) {
      logger.error('api: API clients not replaced, the previous ones stay', {
        error: err instanceof Error ? err.message : String(err),
      });
    }
  });
  stopOnSignals(() =>
    server
      .stop()
      .then(() => temporal.close())
      .then(() => tracing?.shutdown()),
  );
}

/** The documents routes download from Box with the worker's Box settings (BOX_*); without them they answer 502. */
function documentDownloads(logger: Logger): BoxFilesApi | undefined {
  try {
    return createBoxSignClient(loadBoxConfig(), { logger });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    logger.warn('api: no Box settings, the documents routes cannot download', { error: err.message });
    return undefined;
  }
}

main().catch(exitOnStartupFailure('api', (err) => err instanceof ConfigError, API_ENV.port));
