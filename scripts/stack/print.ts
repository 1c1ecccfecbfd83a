import { STACK_SENDERS, STACK_WEBHOOK_FOLDER_ID } from './emulator';
import type { StackInfo } from './info';
import { STACK_DIR } from './info';

/** What `up` prints once everything is ready: where each part listens, and how to use it. */
export function printStack(
  info: StackInfo,
  workerPid: number | undefined,
  applied: { quotas: string; nexus: string },
  log: (line: string) => void,
): void {
  log(`Temporal gRPC     ${info.temporalAddress} (namespace ${info.namespace})`);
  log(`Temporal Web UI   ${info.uiUrl}`);
  log(
    `Box emulator      ${info.emulatorUrl}  (Box API ${info.emulatorUrl}/2.0, control ${info.emulatorUrl}/_emulator)`,
  );
  log(`Codec server      ${info.codecUrl}  (bearer token in ${info.codecTokenFile})`);
  log(
    `Webhook receiver  ${info.webhookReceiverUrl}  (the emulator delivers here what its webhook on folder ` +
      `${STACK_WEBHOOK_FOLDER_ID} fires)`,
  );
  log(`Worker            task queue ${info.taskQueue}, pid ${workerPid}`);
  log(`                  per-sender quotas ${applied.quotas} (box-sign quotas show)`);
  log(`                  allowed senders ${STACK_SENDERS} (the emulator's users; the CLI needs them in`);
  log(`                  BOX_SIGN_ALLOWED_SENDERS to name one)`);
  log(`                  metrics ${info.workerMetricsUrl}/metrics, probes /healthz and /readyz`);
  log(`Nexus endpoint    ${applied.nexus}, service box-sign; caller namespace ${info.callerNamespace}`);
  log(`                  (examples/temporal-caller)`);
  log(`HTTP API          ${info.apiUrl}  (OpenAPI ${info.apiUrl}/openapi.json, docs ${info.apiUrl}/docs)`);
  log(`                  key in ${info.apiKeyFile}, e.g.:`);
  log(`                  curl -H "Authorization: Bearer $(cat ${info.apiKeyFile})" ${info.apiUrl}/v1/sign-requests`);
  log(`Logs and state    ${STACK_DIR}`);
}
