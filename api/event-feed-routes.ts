import type { Client } from '@temporalio/client';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { z } from 'zod';
import { eventFeedOf, redeliverEvent } from '../client/event-feed';
import { SignRequestAlreadyFinishedError } from '../client/errors';
import { ErrorType, MAX_FEED_EVENTS } from '../contracts';
import type { ZodHttpApp } from '../http/app';
import { clientOf } from './auth';
import { failureOf } from './failures';
import { describeOwnedByKey } from './ownership';
import { COMMON_ERRORS, problemResponses, replyProblem } from './problems';
import { businessKeyParams } from './schemas';

const security = [{ bearer: [] }];
const tags = ['sign-requests'];

const feedEventSchema = z
  .object({
    id: z.number().int().describe('Its place in the feed, from 1: the id POST …/events/{id}/redeliver takes'),
    webhookId: z.string().describe('The `webhook-id` it was (or would be) sent with; redeliveries keep it'),
    type: z.string().describe('e.g. signer.invited, sign_request.signed'),
    timestamp: z.string().describe("The event's own timestamp (when the workflow raised it)"),
    delivery: z
      .enum(['not_requested', 'pending', 'delivering', 'delivered', 'failed'])
      .describe('not_requested: raised but not in callback.events, so never sent (redeliverable all the same)'),
    attempts: z.number().int(),
    deliveredAt: z.string().nullable(),
    lastError: z.string().nullable(),
    redeliveries: z.number().int(),
    body: z.string().describe('The exact JSON body that was (or would be) signed'),
    event: z
      .object({ type: z.string(), timestamp: z.string(), data: z.unknown() })
      .meta({ id: 'CallbackEventEnvelope', description: 'The same body, parsed (Standard Webhooks envelope)' }),
  })
  .meta({ id: 'CallbackFeedEvent' });

const feedSchema = z
  .object({
    events: z.array(feedEventSchema),
    truncated: z.boolean().describe('Events beyond the bound (200) were sent without being kept'),
  })
  .meta({ id: 'CallbackEventFeed', description: "Every event of the request's callback, in order" });

const redeliverParams = businessKeyParams.extend({
  id: z.coerce.number().int().min(1).max(MAX_FEED_EVENTS).describe("The event's id in the feed (its place, from 1)"),
});

const redeliveredSchema = z
  .object({
    webhookId: z.string(),
    delivery: z.literal('pending'),
    redeliveries: z.number().int(),
  })
  .meta({ id: 'CallbackRedelivery', description: 'Queued: the delivery shows in the feed' });

/** The callback's event feed (GET …/events) and redelivery of one event (POST …/events/{id}/redeliver). */
export function registerEventFeedRoutes(app: ZodHttpApp, ctx: { client: Client }): void {
  app.get(
    '/sign-requests/:businessKey/events',
    {
      schema: {
        summary: "Every event of the request's callback, in order, with its webhook-id, body and delivery",
        operationId: 'listSignRequestEvents',
        tags,
        security,
        params: businessKeyParams,
        response: { 200: feedSchema, ...problemResponses(400, 404, ...COMMON_ERRORS) },
      },
    },
    async (request, reply) => {
      const description = await describeOwnedByKey(ctx.client, request.params.businessKey, clientOf(request).name);
      if (description === null) return replyProblem(reply, 'notFound', NOT_FOUND);
      return eventFeedOf(description) ?? { events: [], truncated: false };
    },
  );

  app.post(
    '/sign-requests/:businessKey/events/:id/redeliver',
    {
      schema: {
        summary: 'Send one event again: signed anew, with the same webhook-id and body',
        operationId: 'redeliverSignRequestEvent',
        tags,
        security,
        params: redeliverParams,
        response: { 202: redeliveredSchema, ...problemResponses(400, 404, 409, ...COMMON_ERRORS) },
      },
    },
    async (request, reply) => {
      const { businessKey, id } = request.params;
      const description = await describeOwnedByKey(ctx.client, businessKey, clientOf(request).name);
      if (description === null) return replyProblem(reply, 'notFound', NOT_FOUND);
      if (!eventFeedOf(description)?.events.some((e) => e.id === id)) {
        return replyProblem(reply, 'notFound', 'No event of this request has this id.', {
          failureType: ErrorType.CallbackEventNotFound,
        });
      }
      if (description.status.name !== 'RUNNING') return finished(reply, description.status.name);
      try {
        return reply.status(202).send(await redeliverEvent(ctx.client, description.workflowId, id));
      } catch (err) {
        if (err instanceof SignRequestAlreadyFinishedError) return finished(reply, err.endedAs);
        if (!(err instanceof WorkflowUpdateFailedError)) throw err;
        const refusal = failureOf(err);
        const kind = refusal.type === ErrorType.CallbackEventNotFound ? 'notFound' : 'actionRefused';
        return replyProblem(reply, kind, refusal.message, { failureType: refusal.type });
      }
    },
  );
}

const NOT_FOUND = 'No sign request with this business key for this API client.';

function finished(reply: Parameters<typeof replyProblem>[0], endedAs: string) {
  return replyProblem(
    reply,
    'actionRefused',
    `The request has already ended (${endedAs}): its events stay readable here, but only a running request redelivers.`,
    { failureType: ErrorType.SignRequestAlreadyFinished },
  );
}
