import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';

export interface ListenOptions {
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
}

export interface RunningHttpServer {
  /** Origin to reach the server at, e.g. http://127.0.0.1:8790 (a wildcard host is reached on loopback). */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts listening and returns where, with an idempotent stop that also ends kept-alive connections. */
export async function listen(app: FastifyInstance, options: ListenOptions = {}): Promise<RunningHttpServer> {
  const host = options.host ?? '127.0.0.1';
  await app.listen({ host, port: options.port ?? 0 });
  const { port } = app.server.address() as AddressInfo;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://${urlHost(host)}:${port}`,
    port,
    stop() {
      stopped ??= app.close();
      return stopped;
    },
  };
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
