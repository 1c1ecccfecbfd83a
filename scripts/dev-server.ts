import { Connection } from '@temporalio/client';
import { join } from 'node:path';
import { devServerSearchAttributeArgs } from '../search-attributes/namespace-search-attributes';
import { OwnedProcess } from './owned-process';
import { freePort, waitFor } from './processes';
import { devServerDynamicConfigArgs } from './temporal-dynamic-config';
import { temporalCliPath } from './tools';

/**
 * A Temporal dev server of our own (not the stack's, not jest's shared one) on a free port, with its SQLite file in
 * `dir`, so that it can be stopped and started again with its workflows kept, the way a server restart would.
 */
export interface DevServer {
  address: string;
  /** Graceful stop (SIGTERM); the SQLite file stays. */
  stop(): Promise<void>;
  /** Starts it again on the same port and file, and waits until it answers. */
  start(): Promise<void>;
}

const HOST = '127.0.0.1';

export async function startDevServer(dir: string): Promise<DevServer> {
  const port = await freePort();
  const address = `${HOST}:${port}`;
  const args = ['server', 'start-dev', '--ip', HOST, '--port', String(port), '--headless'];
  args.push('--db-filename', join(dir, 'temporal.db'), '--log-level', 'error', ...devServerDynamicConfigArgs());
  args.push(...devServerSearchAttributeArgs());
  let child: OwnedProcess | undefined;
  let starts = 0;

  const server: DevServer = {
    address,
    async start() {
      if (child?.running) return;
      starts += 1;
      const logFile = join(dir, `temporal-${starts}.log`);
      const started = new OwnedProcess(temporalCliPath(), args, { env: process.env, logFile });
      child = started;
      await waitFor('the Temporal dev server', () => answers(address), 60_000, { pid: started.pid, logFile });
    },
    async stop() {
      await child?.stop();
    },
  };
  await server.start();
  return server;
}

async function answers(address: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1_000 });
  try {
    await connection.workflowService.getSystemInfo({});
    return true;
  } finally {
    await connection.close();
  }
}
