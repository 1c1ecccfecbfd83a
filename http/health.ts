import type { FastifyInstance, FastifyReply } from 'fastify';

/** Why the process is not ready (e.g. "Temporal did not answer"), or null when it is. */
export type ReadinessCheck = () => Promise<string | null>;

/** Kubernetes-style probe paths, served by every process (the worker on its metrics port). */
export const LIVENESS_PATH = '/healthz';
export const READINESS_PATH = '/readyz';

export interface HealthRoutesOptions {
  check: ReadinessCheck;
  /** Older paths answered the same way (the API's /health and /ready, the receiver's /health). */
  legacyLivenessPath?: string;
  legacyReadinessPath?: string;
  /** Route options for the OpenAPI document (the API documents its probes); none: served but undocumented. */
  livenessSchema?: object;
  readinessSchema?: object;
}

/**
 * The one implementation of the health endpoints: liveness answers 200 `{status: ok}` while the process serves
 * HTTP at all; readiness 200 `{status: ready}` or 503 `{status: not ready, detail}` with the check's reason.
 */
export function registerHealthRoutes(app: FastifyInstance, options: HealthRoutesOptions): void {
  const live = (_request: unknown, reply: FastifyReply) => noStore(reply).send({ status: 'ok' });
  const ready = async (_request: unknown, reply: FastifyReply) => {
    const problem = await options.check().catch((err: unknown) => (err instanceof Error ? err.message : String(err)));
    if (problem === null) return noStore(reply).send({ status: 'ready' });
    return noStore(reply).code(503).send({ status: 'not ready', detail: problem });
  };
  for (const path of [LIVENESS_PATH, options.legacyLivenessPath]) {
    if (path !== undefined) app.get(path, routeOptions(options.livenessSchema), live);
  }
  for (const path of [READINESS_PATH, options.legacyReadinessPath]) {
    if (path !== undefined) app.get(path, routeOptions(options.readinessSchema), ready);
  }
}

/** Readiness of a process that only needs Temporal: a cheap call answered within the time limit. */
export function temporalAnswers(call: (deadline: number) => Promise<unknown>, timeoutMs = 2_000): ReadinessCheck {
  return async () => {
    try {
      await call(Date.now() + timeoutMs);
      return null;
    } catch {
      return 'Temporal did not answer';
    }
  };
}

function routeOptions(schema: object | undefined) {
  return { schema: schema ?? { hide: true } };
}

function noStore(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store');
}
