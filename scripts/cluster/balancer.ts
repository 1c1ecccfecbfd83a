import type { Socket } from 'node:net';
import { connect, createServer } from 'node:net';

/**
 * The load balancer in front of the two API processes and the two webhook receivers, as production has one: TCP,
 * round robin, and a backend that refuses the connection (killed, restarting) is skipped for the next one, so a
 * client sees a failure only when every backend is down. Run as
 * `node lib/scripts/cluster/balancer.js <listen-port>=<port>,<port> …` on loopback.
 */

export interface Route {
  listen: number;
  backends: number[];
}

export function parseRoutes(args: string[]): Route[] {
  return args.map((arg) => {
    const [listen, backends] = arg.split('=');
    const route = { listen: Number(listen), backends: (backends ?? '').split(',').filter(Boolean).map(Number) };
    if (
      !Number.isInteger(route.listen) ||
      route.backends.length === 0 ||
      route.backends.some((p) => !Number.isInteger(p))
    ) {
      throw new Error(`balancer: "${arg}" is not <listen-port>=<port>,<port>`);
    }
    return route;
  });
}

/** The order in which connection number `n` tries the backends: round robin, then the others. */
export function tryOrder(backends: number[], n: number): number[] {
  const start = n % backends.length;
  return [...backends.slice(start), ...backends.slice(0, start)];
}

const HOST = '127.0.0.1';

function serve(route: Route): void {
  let connections = 0;
  createServer((client) => {
    client.pause();
    dial(client, tryOrder(route.backends, connections++));
  }).listen(route.listen, HOST);
}

function dial(client: Socket, candidates: number[]): void {
  const [port, ...rest] = candidates;
  if (port === undefined) return void client.destroy();
  const backend = connect(port, HOST);
  let connected = false;
  backend.once('error', () => (connected ? client.destroy() : dial(client, rest)));
  backend.once('connect', () => {
    connected = true;
    backend.on('error', () => client.destroy());
    client.on('error', () => backend.destroy());
    client.pipe(backend).pipe(client);
    client.resume();
  });
}

if (require.main === module) {
  for (const route of parseRoutes(process.argv.slice(2))) serve(route);
}
