import type { Client } from '@temporalio/client';
import type { ZodHttpApp } from '../http/app';
import { registerHealthRoutes, temporalAnswers } from '../http/health';
import { healthSchema, readySchema } from './schemas';

/** Public routes: liveness, readiness (only while Temporal answers) and the OpenAPI document. */
export function registerMetaRoutes(app: ZodHttpApp, client: Client): void {
  registerHealthRoutes(app, {
    check: temporalAnswers((deadline) => client.withDeadline(deadline, () => client.workflowService.getSystemInfo({}))),
    legacyLivenessPath: '/health',
    legacyReadinessPath: '/ready',
    livenessSchema: { summary: 'The process is alive', tags: ['operations'], response: { 200: healthSchema } },
    readinessSchema: {
      summary: 'Ready only while Temporal answers',
      tags: ['operations'],
      response: { 200: readySchema, 503: readySchema },
    },
    operationIds: { liveness: 'getLiveness', readiness: 'getReadiness' },
  });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
}
