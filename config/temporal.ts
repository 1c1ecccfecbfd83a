import type { ConnectionOptions } from '@temporalio/client';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { NativeConnectionOptions } from '@temporalio/worker';
import { DEFAULT_TASK_QUEUE } from '../contracts';

/**
 * Where Temporal is: Temporal's own envconfig (TOML profile + TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
 * TEMPORAL_API_KEY, TEMPORAL_TLS*, TEMPORAL_PROFILE…), so the worker, the CLI and `temporal` agree.
 * Our only addition is the task queue.
 */
export interface TemporalConfig {
  connection: NativeConnectionOptions & ConnectionOptions;
  namespace: string;
  taskQueue: string;
}

export function loadTemporalConfig(env: NodeJS.ProcessEnv = process.env): TemporalConfig {
  const { connectionOptions, namespace } = loadClientConnectConfig({ overrideEnvVars: definedOnly(env) });
  return {
    connection: connectionOptions,
    namespace: namespace ?? 'default',
    taskQueue: env.BOX_SIGN_TASK_QUEUE?.trim() || DEFAULT_TASK_QUEUE,
  };
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** The Web UI address for links (dev server default http://localhost:8233). */
export function temporalUiUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.TEMPORAL_UI_URL ?? 'http://localhost:8233').replace(/\/$/, '');
}

export function workflowUiLink(uiUrl: string, namespace: string, workflowId: string): string {
  return `${uiUrl}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}
