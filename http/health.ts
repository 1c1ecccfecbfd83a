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
  /** The documented operations' ids; a legacy path gets the same with `Legacy` appended, and is deprecated. */
  operationIds?: { liveness: string; readiness: string };
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
  const ids = options.operationIds;
  app.get(LIVENESS_PATH, routeOptions(options.livenessSchema, ids?.liveness), live);
  if (options.legacyLivenessPath !== undefined) {
    app.get(options.legacyLivenessPath, routeOptions(options.livenessSchema, ids?.liveness, true), live);
  }
  app.get(READINESS_PATH, routeOptions(options.readinessSchema, ids?.readiness), ready);
  if (options.legacyReadinessPath !== undefined) {
    app.get(options.legacyReadinessPath, routeOptions(options.readinessSchema, ids?.readiness, true), ready);
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

function routeOptions(schema: object | undefined, operationId?: string, legacy = false) {
  if (schema === undefined) return { schema: { hide: true } };
  if (operationId === undefined) return { schema };
  return {
    schema: legacy ? { ...schema, operationId: `${operationId}Legacy`, deprecated: true } : { ...schema, operationId },
  };
}

function noStore(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store');
}
