import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { replyProblem } from './problems';

/**
 * The methods each path serves, learnt as routes are added (register this before any route): a request no route
 * matches is a 405 with `Allow` when its path exists under other methods (RFC 9110 §15.5.6), else a 404.
 */
export function answerUnmatchedRoutes(app: FastifyInstance): void {
  const routes: { pattern: RegExp; fixedSegments: number; methods: string[] }[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    routes.push({ pattern: patternOf(route.url), fixedSegments: fixedSegmentsOf(route.url), methods });
  });
  const allowedFor = (path: string): string[] => {
    // The routes fastify would pick for the path: a fixed segment wins over a parameter (`batch` over `:key`).
    const matching = routes.filter((r) => r.pattern.test(path));
    const best = Math.max(...matching.map((r) => r.fixedSegments));
    return [...new Set(matching.filter((r) => r.fixedSegments === best).flatMap((r) => r.methods))].sort();
  };
  const methodNotAllowed = (request: FastifyRequest, reply: FastifyReply, allow: string[]) =>
    replyProblem(
      reply.header('allow', allow.join(', ')),
      'methodNotAllowed',
      `This path does not take ${request.method}.`,
    );
  // As soon as the headers are in: before fastify reads (or, for QUERY without a content type, refuses) a body.
  app.addHook('onRequest', async (request, reply) => {
    if (!request.is404) return;
    const allow = allowedFor(request.url.split('?')[0] ?? '');
    if (allow.length > 0) return methodNotAllowed(request, reply, allow);
  });
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const allow = allowedFor(request.url.split('?')[0] ?? '');
    if (allow.length === 0) return replyProblem(reply, 'notFound', 'No such route.');
    return methodNotAllowed(request, reply, allow);
  });
}

/** A fastify route URL (`/v1/sign-requests/:businessKey`) as a regular expression over request paths. */
function patternOf(url: string): RegExp {
  const segments = url.split('/').map((segment) => {
    if (segment.startsWith(':')) return '[^/]+';
    if (segment === '*') return '.*';
    return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  });
  return new RegExp(`^${segments.join('/')}/?$`);
}

function fixedSegmentsOf(url: string): number {
  return url.split('/').filter((segment) => segment !== '' && !segment.startsWith(':') && segment !== '*').length;
}
