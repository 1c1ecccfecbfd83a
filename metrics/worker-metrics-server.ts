import { createServer } from 'node:net';
import { createHttpApp } from '../http/app';
import type { ReadinessCheck } from '../http/health';
import { registerHealthRoutes } from '../http/health';
import type { RunningHttpServer } from '../http/listen';
import { listen } from '../http/listen';

export interface WorkerMetricsServerOptions {
  host: string;
  port: number;
  /** The SDK core's own Prometheus exporter, bound on loopback only (coreExporterAddress). */
  coreMetricsUrl: string;
  check: ReadinessCheck;
}

export const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * The worker's METRICS_PORT, on the project's one HTTP stack: /metrics (the core exporter's text, which holds the
 * SDK's metrics and the worker's business metrics, both made through Temporal's meter), /healthz and /readyz.
 * The core exporter cannot serve health, so it listens on a loopback port of its own and is read through here.
 */
export async function startWorkerMetricsServer(options: WorkerMetricsServerOptions): Promise<RunningHttpServer> {
  const app = createHttpApp();
  registerHealthRoutes(app, { check: options.check });
  app.get('/metrics', async (_request, reply) => {
    try {
      const response = await fetch(options.coreMetricsUrl, { signal: AbortSignal.timeout(5_000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return reply
        .header('content-type', PROMETHEUS_TEXT)
        .header('cache-control', 'no-store')
        .send(await response.text());
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      return reply
        .code(503)
        .send({ status: 'unavailable', detail: `the SDK's metrics exporter did not answer: ${detail}` });
    }
  });
  return listen(app, { host: options.host, port: options.port });
}

/** A free loopback address for the core exporter (it takes an address, not an open socket). */
export async function coreExporterAddress(): Promise<string> {
  const port = await new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
  return `127.0.0.1:${port}`;
}
