import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BoxCallObservation } from '../box/sign-client';
import type { MetricDefinition } from './names';
import { LATENCY_BUCKETS_SECONDS, METRICS } from './names';

/**
 * The receiver's and the API's metrics, with prom-client: one registry per server (tests run several in one
 * process), with Node's process metrics, served on the server's own port at /metrics.
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

export function counter(registry: Registry, metric: MetricDefinition): Counter {
  const existing = registry.getSingleMetric(metric.name);
  if (existing) return existing as Counter;
  return new Counter({ name: metric.name, help: metric.help, labelNames: metric.labels, registers: [registry] });
}

export function histogram(registry: Registry, metric: MetricDefinition, buckets = LATENCY_BUCKETS_SECONDS): Histogram {
  const existing = registry.getSingleMetric(metric.name);
  if (existing) return existing as Histogram;
  return new Histogram({
    name: metric.name,
    help: metric.help,
    labelNames: metric.labels,
    buckets,
    registers: [registry],
  });
}

/** GET /metrics in Prometheus's text format, and every request counted and timed by route pattern. */
export function serveHttpMetrics(app: FastifyInstance, registry: Registry): void {
  countHttpRequests(app, registry);
  serveMetricsRoute(app, registry);
}

/** Every request of `app` counted and timed by route pattern (its /metrics may be served elsewhere). */
export function countHttpRequests(app: FastifyInstance, registry: Registry): void {
  const requests = counter(registry, METRICS.httpRequests);
  const durations = histogram(registry, METRICS.httpRequestDuration);
  app.addHook('onResponse', async (request, reply) => {
    // The pattern (e.g. /v1/sign-requests/:businessKey), never the URL: a path may carry a business key.
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ route, method: request.method, status: String(reply.statusCode) });
    durations.observe({ route, method: request.method }, reply.elapsedTime / 1000);
  });
}

/** GET /metrics: the registry in Prometheus's text format. */
export function serveMetricsRoute(app: FastifyInstance, registry: Registry): void {
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .header('content-type', registry.contentType)
      .header('cache-control', 'no-store')
      .send(await registry.metrics()),
  );
}

/** The Box client's observer where no activity runs (the receiver): the same metric names as the worker's. */
export function promBoxCallMetrics(registry: Registry): (call: BoxCallObservation) => void {
  const calls = counter(registry, METRICS.receiverBoxCalls);
  const durations = histogram(registry, METRICS.receiverBoxCallDuration);
  return (call) => {
    calls.inc({ operation: call.operation, status_class: call.statusClass });
    durations.observe({ operation: call.operation }, call.seconds);
  };
}
