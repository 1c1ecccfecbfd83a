import { Client, Connection } from '@temporalio/client';
import { createDataConverter } from '../config/data-converter';
import type { TemporalConfig } from '../config/temporal';
import { loadTemporalConfig } from '../config/temporal';
import type { PayloadProtection } from '../encryption/key-config';
import { loadPayloadProtection } from '../encryption/key-config';

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
  const connection = await Connection.connect(config.connection);
  const client = new Client({
    connection,
    namespace: config.namespace,
    dataConverter: createDataConverter(protection),
  });
  return { client, config, close: () => connection.close() };
}
