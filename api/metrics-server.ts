import type { Registry } from 'prom-client';
import { createHttpApp } from '../http/app';
import type { RunningHttpServer } from '../http/listen';
import { listen } from '../http/listen';
import { serveMetricsRoute } from '../metrics/prom-metrics';

/**
 * The API's /metrics on API_METRICS_PORT, apart from the public port (like the worker's METRICS_PORT): request
 * counts by route and status, Box upload calls and Node's process figures are for Prometheus, not for every
 * caller that can reach the API.
 */
export function startApiMetricsServer(options: {
  host: string;
  port: number;
  registry: Registry;
}): Promise<RunningHttpServer> {
  const app = createHttpApp();
  serveMetricsRoute(app, options.registry);
  return listen(app, { host: options.host, port: options.port });
}
