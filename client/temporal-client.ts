import { Client, Connection } from '@temporalio/client';
import { createDataConverter } from '../config/data-converter';
import type { TemporalConfig } from '../config/temporal';
import { loadTemporalConfig } from '../config/temporal';
import type { PayloadProtection } from '../encryption/key-config';
import { loadPayloadProtection } from '../encryption/key-config';
import { clientTracingInterceptors } from '../tracing/client-tracing';

export interface ConnectedClient {
  client: Client;
  config: TemporalConfig;
  close(): Promise<void>;
}

/**
 * A Temporal client configured from Temporal's envconfig, with the project's data converter: the payload keys
 * come from the same variables as the worker's (BOX_SIGN_ENCRYPTION_KEYS or BOX_SIGN_ENCRYPTION_KEYS_FILE).
 */
export async function connectClient(
  config: TemporalConfig = loadTemporalConfig(),
  protection: PayloadProtection = loadPayloadProtection(),
): Promise<ConnectedClient> {
  return clientOn(await Connection.connect(config.connection), config, protection);
}

/**
 * The same client, connecting on first use instead of up front: a server (the HTTP API) can start and report
 * itself not ready while Temporal is unreachable, and recovers when it answers again.
 */
export function lazyClient(config: TemporalConfig, protection: PayloadProtection): ConnectedClient {
  return clientOn(Connection.lazy(config.connection), config, protection);
}

function clientOn(connection: Connection, config: TemporalConfig, protection: PayloadProtection): ConnectedClient {
  const client = new Client({
    connection,
    namespace: config.namespace,
    dataConverter: createDataConverter(protection),
    interceptors: clientTracingInterceptors(),
  });
  return { client, config, close: () => connection.close() };
}
