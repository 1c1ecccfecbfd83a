import { Client, Connection } from '@temporalio/client';
import { createDataConverter } from '../config/data-converter';
import type { TemporalConfig } from '../config/temporal';
import { loadTemporalConfig } from '../config/temporal';

export interface ConnectedClient {
  client: Client;
  config: TemporalConfig;
  close(): Promise<void>;
}

/** A Temporal client configured from Temporal's envconfig, with the project's data converter. */
export async function connectClient(config: TemporalConfig = loadTemporalConfig()): Promise<ConnectedClient> {
  const connection = await Connection.connect(config.connection);
  const client = new Client({ connection, namespace: config.namespace, dataConverter: createDataConverter() });
  return { client, config, close: () => connection.close() };
}
