import type { ConnectionOptions } from '@temporalio/client';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { NativeConnectionOptions } from '@temporalio/worker';
import { ConfigError } from './config-error';
import { SettingsReader } from './reader';
import { TEMPORAL_SETTINGS } from './settings/temporal';

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

/** envconfig's own problems (an unreadable profile, a bad TLS path…) become a ConfigError like every other one. */
export function loadTemporalConfig(env: NodeJS.ProcessEnv = process.env): TemporalConfig {
  const reader = new SettingsReader(env);
  const taskQueue = reader.get(TEMPORAL_SETTINGS.BOX_SIGN_TASK_QUEUE);
  let connect: ReturnType<typeof loadClientConnectConfig>;
  try {
    connect = loadClientConnectConfig({ overrideEnvVars: definedOnly(env) });
  } catch (err) {
    throw new ConfigError('Temporal configuration', [err instanceof Error ? err.message : String(err)]);
  }
  return { connection: connect.connectionOptions, namespace: connect.namespace ?? 'default', taskQueue };
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** The Web UI address for links (dev server default http://localhost:8233). */
export function temporalUiUrl(env: NodeJS.ProcessEnv = process.env): string {
  return new SettingsReader(env).get(TEMPORAL_SETTINGS.TEMPORAL_UI_URL).replace(/\/$/, '');
}

export function workflowUiLink(uiUrl: string, namespace: string, workflowId: string): string {
  return `${uiUrl}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}
