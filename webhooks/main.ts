import { createBoxSignClient } from '../box/sign-client';
import { connectClient } from '../client/temporal-client';
import { createJsonLogger } from '../logging/logger';
import { redactText } from '../logging/redact';
import { WebhookReceiverConfigError, loadSignatureKeys, loadWebhookReceiverConfig } from './config';
import { startWebhookReceiver } from './receiver';
import { WorkflowNotifier } from './workflow-notifier';

/**
 * `node lib/webhooks/main.js`: the webhook receiver as its own small process (not inside the worker), so it can
 * sit behind the HTTPS front door Box requires while the workers stay private, and restart on its own.
 * SIGHUP re-reads the signature keys (rotation without a restart); SIGINT/SIGTERM stop it.
 */
async function main(): Promise<void> {
  const config = loadWebhookReceiverConfig();
  const logger = createJsonLogger('webhook-receiver', config.logLevel);
  const temporal = await connectClient(config.temporal, config.payloadProtection);
  const notifier = new WorkflowNotifier({
    client: temporal.client,
    box: createBoxSignClient(config.box, { logger }),
    signalTimeoutMs: config.signalTimeoutMs,
  });
  const receiver = await startWebhookReceiver({
    host: config.host,
    port: config.port,
    path: config.path,
    keys: config.keys,
    maxAgeSeconds: config.maxAgeSeconds,
    notifier,
    logger,
  });
  process.stdout.write(`box-sign webhook receiver listening on ${receiver.webhookUrl}\n`);
  process.on('SIGHUP', () => {
    try {
      receiver.setKeys(loadSignatureKeys());
    } catch (err) {
      logger.error('webhook receiver: keys not replaced', { error: err instanceof Error ? err.message : String(err) });
    }
  });
  const shutdown = () => {
    receiver
      .stop()
      .then(() => temporal.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  if (err instanceof WebhookReceiverConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  const code = (err as NodeJS.ErrnoException).code;
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(
    code === 'EADDRINUSE'
      ? 'webhook receiver: the port is already in use; stop the other process or set WEBHOOK_RECEIVER_PORT\n'
      : `webhook receiver failed: ${redactText(detail)}\n`,
  );
  process.exit(1);
});
