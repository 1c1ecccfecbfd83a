import { join } from 'node:path';
import { LOCAL_STACK_SEALING_PUBLIC_KEY } from '../../client/cli/local-stack-key';
import { DEFAULT_TASK_QUEUE } from '../../contracts';
import { DEFAULT_NEXUS_ENDPOINT } from '../../contracts/nexus-service';
import { WEBHOOK_RECEIVER_DEFAULTS } from '../../webhooks/config';
import type { StackInfo } from '../stack/info';
import { LOCAL_CALLER_NAMESPACE } from '../stack/info';
import type { ClusterPorts } from './layout';
import { CLUSTER_DIR, HOST, frontendAddress } from './layout';

/**
 * The cluster's product, described the way the local stack is (scripts/stack/info.ts), so that the stack's pieces
 * (environments, keys, health checks, the demo) serve both: Temporal is the cluster's frontend, the API and the
 * receiver URLs are their balancers', the keys live in CLUSTER_DIR.
 */
export function clusterInfo(ports: ClusterPorts): StackInfo {
  return {
    temporalAddress: frontendAddress(ports),
    uiUrl: `http://localhost:${uiPort(ports)}`,
    emulatorUrl: `http://${HOST}:${ports.emulator}`,
    taskQueue: DEFAULT_TASK_QUEUE,
    namespace: 'default',
    codecUrl: `http://${HOST}:${ports.codec}`,
    encryptionKeysFile: join(CLUSTER_DIR, 'encryption-key'),
    sealingPrivateKeysFile: join(CLUSTER_DIR, 'sealing-private-keys'),
    sealingPublicKeyFile: join(CLUSTER_DIR, LOCAL_STACK_SEALING_PUBLIC_KEY),
    codecTokenFile: join(CLUSTER_DIR, 'codec-token'),
    webhookReceiverUrl: receiverUrl(ports.receiverBalancer),
    webhookKeyFiles: {
      primary: join(CLUSTER_DIR, 'webhook-primary-key'),
      secondary: join(CLUSTER_DIR, 'webhook-secondary-key'),
    },
    workerMetricsUrl: `http://${HOST}:${ports.workerMetrics[0]}`,
    apiUrl: `http://${HOST}:${ports.apiBalancer}`,
    apiKeyFile: join(CLUSTER_DIR, 'api-key'),
    apiKeysFile: join(CLUSTER_DIR, 'api-keys.json'),
    // Named as on the local stack; cluster:up creates neither the endpoint nor the caller namespace (docs/cluster.md).
    nexusEndpoint: DEFAULT_NEXUS_ENDPOINT,
    callerNamespace: LOCAL_CALLER_NAMESPACE,
  };
}

export function receiverUrl(port: number): string {
  return `http://${HOST}:${port}${WEBHOOK_RECEIVER_DEFAULTS.path}`;
}

/** Where an operator's Web UI (temporalio/ui-server, not part of the cluster) would run: the codec allows it. */
export function uiPort(ports: ClusterPorts): number {
  return ports.codec + 1;
}
