import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from '../logging/logger';

/**
 * One PII-free line per request: method, the route pattern (never the raw URL, whose path or query may carry a
 * business key or a token), status and duration. `extra` adds fields a server knows (e.g. the API client's name).
 */
export function logRequests(
  app: FastifyInstance,
  logger: Logger,
  extra: (request: FastifyRequest) => Record<string, unknown> = () => ({}),
): void {
  app.addHook('onResponse', async (request, reply) => {
    logger.info('http request', {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
      ...extra(request),
    });
  });
}
