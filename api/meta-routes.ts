import type { Client } from '@temporalio/client';
import type { ZodHttpApp } from '../http/app';
import { healthSchema, readySchema } from './schemas';

const READY_TIMEOUT_MS = 2_000;

/** Public routes: liveness, readiness (only while Temporal answers) and the OpenAPI document. */
export function registerMetaRoutes(app: ZodHttpApp, client: Client): void {
  app.get(
    '/health',
    { schema: { summary: 'The process is alive', tags: ['operations'], response: { 200: healthSchema } } },
    () => ({ status: 'ok' as const }),
  );
  app.get(
    '/ready',
    {
      schema: {
        summary: 'Ready only while Temporal answers',
        tags: ['operations'],
        response: { 200: readySchema, 503: readySchema },
      },
    },
    async (_request, reply) => {
      try {
        await client.withDeadline(Date.now() + READY_TIMEOUT_MS, () => client.workflowService.getSystemInfo({}));
        return { status: 'ready' as const };
      } catch {
        return reply.status(503).send({ status: 'not ready', detail: 'Temporal did not answer' });
      }
    },
  );
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
}
