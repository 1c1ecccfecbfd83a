import { NativeConnection, Runtime } from '@temporalio/worker';
import { createBoxSignClient } from '../box/sign-client';
import { BoxCredentialsRejectedError, checkBoxAtStartup } from '../box/startup-check';
import { CallbackSecrets } from '../callbacks/callback-secrets';
import { createCallbackResolver } from '../callbacks/callback-resolver';
import type { StartTrust } from '../activities/start-binding-check';
import type { CallbackDeliveryDeps } from '../callbacks/deliver-callback';
import { ConfigError } from '../config/config-error';
import { formatVersion } from '../deployment/worker-version';
import { ENCRYPTION_ENV } from '../encryption/key-config';
import type { Logger } from '../logging/logger';
import { createJsonLogger } from '../logging/logger';
import type { RunningHttpServer } from '../http/listen';
import { redactText } from '../logging/redact';
import { boxCallMetrics } from '../metrics/activity-meter';
import { coreExporterAddress, startWorkerMetricsServer } from '../metrics/worker-metrics-server';
import { startTracing } from '../tracing/process-tracing';
import { workerTracing } from '../tracing/worker-tracing';
import type { CallbackConfig, WorkerConfig } from './config';
import { loadWorkerConfig } from './config';
import { createSignWorker } from './create-worker';
import { WorkerReadiness } from './readiness';
import { installRuntimeLogging } from './runtime-logging';

/** The long-running worker process. SIGINT/SIGTERM drain in-flight activities for the grace period, then exit. */
async function main(): Promise<void> {
  const config = loadWorkerConfig();
  const logger = createJsonLogger('worker', config.logLevel);
  const readiness = new WorkerReadiness();
  const metricsServer = await startRuntime(config, logger, readiness);
  const tracing = startTracing('box-sign-worker');
  if (tracing) logger.info('traces exported over OTLP', { service: tracing.resource.attributes['service.name'] });
  if (config.payloadProtection.mode === 'insecure-plaintext') {
    logger.warn(
      `INSECURE: payload encryption is OFF (${ENCRYPTION_ENV.insecurePlaintext}=true). Signer passwords, phone ` +
        'numbers and emails are stored in plaintext in Temporal history. Never use this outside local development.',
    );
  }
  const box = createBoxSignClient(config.box, {
    logger,
    observeCall: boxCallMetrics(() => Runtime.instance().metricMeter),
  });
  readiness.boxChecked(await checkBoxAtStartup(box, config.box.auth, 'box-sign worker', logger));
  const connection = await NativeConnection.connect(config.temporal.connection);
  try {
    const worker = await createSignWorker({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      versioning: config.versioning,
      box,
      logger,
      payloadProtection: config.payloadProtection,
      sealingKeys: config.sealingKeys,
      allowedSenders: config.allowedSenders,
      shutdownGraceTimeMs: config.shutdownGraceTimeMs,
      maxConcurrentActivities: config.maxConcurrentActivities,
      maxCachedWorkflows: config.maxCachedWorkflows,
      senderRateLimits: config.senderRateLimits,
      ...callbackDeps(config.callbacks, logger),
      startBinding: config.startBinding,
      unboundStartsBeforeMs: config.unboundStartsBeforeMs,
      nexus: config.nexus,
      tracing: tracing && workerTracing(tracing),
    });
    logger.info('Worker started', {
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      // Tasks reach this version once it is current: `box-sign deployment set-current` (docs/deployment.md).
      deploymentVersion: formatVersion(worker.versioning),
      encryptionKeyId:
        config.payloadProtection.mode === 'encrypted' ? config.payloadProtection.keyRing.activeKeyId : 'NONE',
      sealingKeyIds: [...config.sealingKeys.keys()],
    });
    readiness.workerRunning(worker, connection);
    await worker.run();
    logger.info('Worker stopped');
  } finally {
    await metricsServer?.stop();
    await connection.close();
    await tracing?.shutdown();
  }
}

/**
 * The SDK's Runtime (its logs through ours; with METRICS_PORT its metrics, exported by the core on a loopback port)
 * and, with METRICS_PORT, the server there: /metrics, /healthz, /readyz.
 */
async function startRuntime(
  config: WorkerConfig,
  logger: Logger,
  readiness: WorkerReadiness,
): Promise<RunningHttpServer | undefined> {
  if (config.metrics.port === null) {
    installRuntimeLogging(logger, config.logLevel);
    return undefined;
  }
  const coreExporter = await coreExporterAddress();
  installRuntimeLogging(logger, config.logLevel, coreExporter);
  const server = await startWorkerMetricsServer({
    host: config.metrics.host,
    port: config.metrics.port,
    coreMetricsUrl: `http://${coreExporter}/metrics`,
    check: readiness.check,
  });
  logger.info('Worker metrics and health', { url: server.url });
  return server;
}

/**
 * Callback secrets and each client's own senders from the API clients file, re-read when it changes or on SIGHUP
 * (secret rotation).
 */
function callbackDeps(
  config: CallbackConfig,
  logger: Logger,
): { callbacks?: CallbackDeliveryDeps; sendersOf?: StartTrust['sendersOf'] } {
  if (config.apiKeysFile === null) {
    logger.info('BOX_SIGN_API_KEYS_FILE not set: requests with a completion callback will fail its delivery');
    return {};
  }
  const secrets = CallbackSecrets.fromFile(config.apiKeysFile, logger);
  process.on('SIGHUP', () => secrets.reload());
  return {
    callbacks: {
      secretFor: (apiClient) => secrets.secretsFor(apiClient),
      allowHosts: config.allowHosts,
      resolve: createCallbackResolver(config.dns),
      proxyUrl: config.proxyUrl,
    },
    sendersOf: (apiClient) => secrets.sendersOf(apiClient),
  };
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof BoxCredentialsRejectedError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`Worker failed: ${redactText(detail)}\n`);
  process.exit(1);
});
