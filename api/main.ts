import { createCallbackResolver } from '../callbacks/callback-resolver';
import { startApiMetricsServer } from './metrics-server';
import { createBoxSignClient } from '../box/sign-client';
import { lazyClient } from '../client/temporal-client';
import { ConfigError } from '../config/config-error';
import { listen } from '../http/listen';
import { exitOnStartupFailure, stopOnSignals } from '../http/server-process';
import { createJsonLogger } from '../logging/logger';
import { createMetricsRegistry, promBoxCallMetrics } from '../metrics/prom-metrics';
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
  const metrics = createMetricsRegistry();
  const box = config.box && createBoxSignClient(config.box, { logger, observeCall: promBoxCallMetrics(metrics) });
  if (box === null) logger.info('api: no Box credentials set: POST /v1/documents answers 503');
  const app = await buildApiServer({
    client: temporal.client,
    clients,
    taskQueue: config.temporal.taskQueue,
    createWaitMs: config.createWaitMs,
    sealing: config.sealing,
    startBinding: config.startBinding,
    rateLimitPerMinute: config.rateLimitPerMinute,
    authFailuresPerMinute: config.authFailuresPerMinute,
    longPollsPerClient: config.longPollsPerClient,
    minPollIntervalMs: config.minPollIntervalMs,
    bodyLimitBytes: config.bodyLimitBytes,
    requestTimeoutMs: config.requestTimeoutMs,
    callbackAllowHosts: config.callbackAllowHosts,
    callbackResolve: createCallbackResolver(config.callbackDns),
    allowedSenders: config.allowedSenders,
    logger,
    metrics,
    documentMaxBytes: config.documentMaxBytes,
    ...(box === null ? {} : { box, files: box }),
  });
  const server = await listen(app, { host: config.host, port: config.port });
  process.stdout.write(`box-sign API listening on ${server.url} (OpenAPI ${server.url}/openapi.json)\n`);
  logger.info('api started', { url: server.url, clients: config.clients.names.length });
  const metricsServer =
    config.metrics.port === null
      ? null
      : await startApiMetricsServer({ host: config.metrics.host, port: config.metrics.port, registry: metrics });
  if (metricsServer) logger.info('api: metrics', { url: `${metricsServer.url}/metrics` });
  else logger.info('api: API_METRICS_PORT not set: /metrics is not served');
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
      .then(() => metricsServer?.stop())
      .then(() => temporal.close())
      .then(() => tracing?.shutdown()),
  );
}

main().catch(exitOnStartupFailure('api', (err) => err instanceof ConfigError, API_ENV.port));
