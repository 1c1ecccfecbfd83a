import { connectClient } from '../client/temporal-client';
import { ConfigError } from '../config/config-error';
import { exitOnStartupFailure, stopOnSignals } from '../http/server-process';
import { temporalAnswers } from '../http/health';
import { createJsonLogger } from '../logging/logger';
import { createMetricsRegistry } from '../metrics/prom-metrics';
import { startTracing } from '../tracing/process-tracing';
import { WEBHOOK_RECEIVER_ENV, loadSignatureKeys, loadWebhookReceiverConfig } from './config';
import { startWebhookReceiver } from './receiver';
import { WorkflowNotifier } from './workflow-notifier';

/**
 * `node lib/webhooks/main.js`: the webhook receiver as its own small process (not inside the worker), so it can
 * sit behind the HTTPS front door Box requires while the workers stay private, and restart on its own. It holds no
 * Box credentials: it verifies Box's signature and hands the event to Temporal (webhooks/workflow-notifier.ts).
 * SIGHUP re-reads the signature keys (rotation without a restart); SIGINT/SIGTERM stop it.
 */
async function main(): Promise<void> {
  const config = loadWebhookReceiverConfig();
  const tracing = startTracing('box-sign-webhooks');
  const logger = createJsonLogger('webhook-receiver', config.logLevel);
  const metrics = createMetricsRegistry();
  const temporal = await connectClient(config.temporal, config.payloadProtection);
  const notifier = new WorkflowNotifier({
    client: temporal.client,
    taskQueue: config.temporal.taskQueue,
    signalTimeoutMs: config.signalTimeoutMs,
  });
  const receiver = await startWebhookReceiver({
    host: config.host,
    port: config.port,
    path: config.path,
    keys: config.keys,
    maxAgeSeconds: config.maxAgeSeconds,
    rateLimitPerMinute: config.rateLimitPerMinute,
    notifier,
    logger,
    metrics,
    readiness: temporalAnswers((deadline) =>
      temporal.client.withDeadline(deadline, () => temporal.client.workflowService.getSystemInfo({})),
    ),
  });
  process.stdout.write(`box-sign webhook receiver listening on ${receiver.webhookUrl}\n`);
  process.on('SIGHUP', () => {
    try {
      receiver.setKeys(loadSignatureKeys());
    } catch (err) {
      logger.error('webhook receiver: keys not replaced', { error: err instanceof Error ? err.message : String(err) });
    }
  });
  stopOnSignals(() =>
    receiver
      .stop()
      .then(() => temporal.close())
      .then(() => tracing?.shutdown()),
  );
}

main().catch(exitOnStartupFailure('webhook receiver', (err) => err instanceof ConfigError, WEBHOOK_RECEIVER_ENV.port));
