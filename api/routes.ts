import type { FastifyReply } from 'fastify';
import type { Client } from '@temporalio/client';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { SignRequestAlreadyFinishedError } from '../client/errors';
import { getSignRequestStatus } from '../client/sign-requests';
import { cancelSignRequest, resendSignRequest } from '../client/steering';
import { describeIssues, ErrorType, validationIssuesFromZod } from '../contracts';
import type { ZodHttpApp } from '../http/app';
import { clientOf } from './auth';
import type { BatchContext } from './batch';
import { startBatch } from './batch';
import type { CreateOutcome } from './create';
import { createSignRequest } from './create';
import { InvalidCursorError, listPage } from './listing';
import type { ApiLimits } from './limits/api-limits';
import { refuseOverBudgetBatch, withLongPollSlot } from './limits/route-limits';
import { awaitOutcome } from './outcome';
import { describeOwnedByKey } from './ownership';
import { failureOf } from './failures';
import { COMMON_ERRORS, problemResponses, replyProblem } from './problems';
import {
  batchAnswerSchema,
  batchEnvelopeSchema,
  businessKeyParams,
  cancelBodySchema,
  cancelResultSchema,
  listAnswerSchema,
  listQuerySchema,
  resendResultSchema,
  resultAnswerSchema,
  resultQuerySchema,
  signRequestInputBodySchema,
  signRequestStartAnswerSchema,
  signRequestStatusSchema,
} from './schemas';
import { checkSignRequestInput } from './validate-input';
import { isSenderRefusal } from '../contracts/allowed-senders';

export type RouteContext = BatchContext & { limits: ApiLimits };

const security = [{ bearer: [] }];
const tags = ['sign requests'];

export function statusPath(businessKey: string): string {
  return `/v1/sign-requests/${encodeURIComponent(businessKey)}`;
}

function links(businessKey: string, workflowId: string) {
  return {
    workflowId,
    businessKey,
    statusUrl: statusPath(businessKey),
    resultUrl: `${statusPath(businessKey)}/result`,
  };
}

/** The /v1 sign-request routes (mounted under the bearer-key hook). */
export function registerSignRequestRoutes(app: ZodHttpApp, ctx: RouteContext): void {
  app.post(
    '/sign-requests',
    {
      attachValidation: true,
      schema: {
        operationId: 'createSignRequest',
        summary: 'Start a sign request (idempotent by businessKey)',
        description:
          'Answers 201 once Box has accepted it, 200 when the same body was sent before, 202 when Box has not answered within the wait (follow statusUrl), 409 when this client used the business key for a different body. Business keys are per client: another client using the same key changes nothing.',
        tags,
        security,
        body: signRequestInputBodySchema,
        response: {
          201: signRequestStartAnswerSchema,
          200: signRequestStartAnswerSchema,
          202: signRequestStartAnswerSchema,
          ...problemResponses(400, 403, 409, 413, 415, 422, 502, ...COMMON_ERRORS),
        },
      },
    },
    async (request, reply) => {
      const apiClient = clientOf(request);
      const check = await checkSignRequestInput(
        request.body,
        ctx.callbackAllowHosts,
        { deployment: ctx.allowedSenders, apiClient: apiClient.senders },
        ctx.minPollIntervalMs,
        ctx.callbackResolve,
      );
      if (!check.ok) {
        const kind = check.issues.every(isSenderRefusal) ? 'forbiddenSender' : 'invalidInput';
        return replyProblem(reply, kind, describeIssues(check.issues), { errors: check.issues });
      }
      const outcome = await createSignRequest(ctx, apiClient, check.input);
      return replyCreate(reply, check.input.businessKey, outcome);
    },
  );

  app.post(
    '/sign-requests/batch',
    {
      attachValidation: true,
      schema: {
        operationId: 'startSignRequestBatch',
        summary: 'Start many sign requests at once (each idempotent by businessKey), without waiting for Box',
        description:
          'Answers 200 with one result per input, in order: started, alreadyStarted (the same body before), invalid (its errors; the others still start), conflict (this client used the business key for a different body) or failed (send it again). Nothing waits for Box: follow each statusUrl. 400 only when the envelope is wrong (not 1 to 100 requests, or more than the requests per minute of the client); each request counts against the rate limit (429 when they do not fit).',
        tags,
        security,
        body: batchEnvelopeSchema,
        response: { 200: batchAnswerSchema, ...problemResponses(400, 413, 415, ...COMMON_ERRORS) },
      },
    },
    async (request, reply) => {
      const envelope = batchEnvelopeSchema.safeParse(request.body);
      if (!envelope.success) {
        const errors = validationIssuesFromZod(envelope.error);
        return replyProblem(reply, 'invalidInput', describeIssues(errors), { errors });
      }
      if (refuseOverBudgetBatch(ctx.limits, clientOf(request).name, envelope.data.requests.length, reply)) return reply;
      return startBatch(ctx, clientOf(request), envelope.data.requests, (businessKey) => ({
        statusUrl: statusPath(businessKey),
        resultUrl: `${statusPath(businessKey)}/result`,
      }));
    },
  );

  app.get(
    '/sign-requests/:businessKey',
    {
      schema: {
        operationId: 'getSignRequestStatus',
        summary: 'The latest known state of a sign request',
        tags,
        security,
        params: businessKeyParams,
        response: { 200: signRequestStatusSchema, ...problemResponses(400, 404, ...COMMON_ERRORS) },
      },
    },
    async (request, reply) => {
      const workflowId = await ownedWorkflowId(ctx.client, request.params.businessKey, clientOf(request).name);
      if (workflowId === null) return notFound(reply);
      return { ...(await getSignRequestStatus(ctx.client, workflowId)) };
    },
  );

  app.get(
    '/sign-requests/:businessKey/result',
    {
      schema: {
        operationId: 'getSignRequestResult',
        summary: 'The outcome, long-polling up to waitSeconds',
        description:
          '200 with state completed (a business outcome: signed, declined, cancelled, expired) or failed (a technical failure, with its stable type and message); 202 with state running while there is no outcome yet.',
        tags,
        security,
        params: businessKeyParams,
        querystring: resultQuerySchema,
        response: {
          200: resultAnswerSchema,
          202: resultAnswerSchema,
          ...problemResponses(400, 404, ...COMMON_ERRORS),
        },
      },
    },
    async (request, reply) => {
      const { businessKey } = request.params;
      const workflowId = await ownedWorkflowId(ctx.client, businessKey, clientOf(request).name);
      if (workflowId === null) return notFound(reply);
      const waitMs = request.query.waitSeconds * 1000;
      const answer = await withLongPollSlot(ctx.limits, clientOf(request).name, waitMs, reply, () =>
        awaitOutcome(ctx.client, workflowId, waitMs),
      );
      if (answer === null) return reply;
      if (answer.state === 'running') {
        return reply.status(202).send({ state: 'running', phase: answer.phase, statusUrl: statusPath(businessKey) });
      }
      return answer;
    },
  );

  app.post(
    '/sign-requests/:businessKey/cancel',
    {
      schema: {
        operationId: 'cancelSignRequest',
        summary: 'Cancel the request on Box (the workflow ends cancelled)',
        tags,
        security,
        params: businessKeyParams,
        body: cancelBodySchema,
        response: { 200: cancelResultSchema, ...problemResponses(400, 404, 409, 413, 415, ...COMMON_ERRORS) },
      },
    },
    async (request, reply) => {
      const owned = await ownedRunning(ctx.client, request.params.businessKey, clientOf(request).name, reply);
      if (owned === null) return reply;
      return steer(reply, () => cancelSignRequest(ctx.client, owned, request.body?.reason));
    },
  );

  app.post(
    '/sign-requests/:businessKey/resend',
    {
      schema: {
        operationId: 'resendSignRequest',
        summary: 'Resend to the signers who have not signed yet',
        tags,
        security,
        params: businessKeyParams,
        response: { 200: resendResultSchema, ...problemResponses(400, 404, 409, ...COMMON_ERRORS) },
      },
    },
    async (request, reply) => {
      const owned = await ownedRunning(ctx.client, request.params.businessKey, clientOf(request).name, reply);
      if (owned === null) return reply;
      return steer(reply, () => resendSignRequest(ctx.client, owned));
    },
  );

  app.get(
    '/sign-requests',
    {
      schema: {
        operationId: 'listSignRequests',
        summary: "This client's sign requests, newest first, paged",
        tags,
        security,
        querystring: listQuerySchema,
        response: { 200: listAnswerSchema, ...problemResponses(400, 404, ...COMMON_ERRORS) },
      },
    },
    async (request, reply) => {
      try {
        const page = await listPage(ctx.client, clientOf(request), request.query);
        return { ...page, items: page.items.map((item) => ({ ...item, statusUrl: statusPath(item.businessKey) })) };
      } catch (err) {
        if (!(err instanceof InvalidCursorError)) throw err;
        // A well-formed cursor this API did not give this client: like another client's request, it does not exist.
        const errors = [{ field: 'cursor', rule: err.message.replace(/^cursor /, '') }];
        return replyProblem(reply, 'notFound', err.message, { errors });
      }
    },
  );
}

function replyCreate(reply: FastifyReply, businessKey: string, outcome: CreateOutcome): FastifyReply {
  const location = statusPath(businessKey);
  switch (outcome.kind) {
    case 'created':
    case 'existing':
      return reply
        .status(outcome.kind === 'created' ? 201 : 200)
        .header('location', location)
        .send({ state: 'created', ...links(businessKey, outcome.workflowId), ...outcome.created });
    case 'pending':
      return reply
        .status(202)
        .header('location', location)
        .send({ state: 'pending', ...links(businessKey, outcome.workflowId), phase: outcome.phase });
    case 'conflict':
      return replyProblem(
        reply,
        'businessKeyConflict',
        'A sign request of this client with this businessKey exists with a different body: one request per business key, ever.',
      );
    case 'failed': {
      const { type, message } = outcome.failure;
      // SenderNotAllowed here: the worker's list refused a sender this API's list allowed. SealedSecretUnreadable: the
      // caller sealed a secret for a key these workers do not hold (only they can tell).
      const kind =
        type === ErrorType.InvalidSignRequestInput ||
        type === ErrorType.SenderNotAllowed ||
        type === ErrorType.SealedSecretUnreadable
          ? 'invalidInput'
          : type === ErrorType.BoxRequestRejected || type === ErrorType.VerificationMethodNotPermitted
            ? 'boxRejected'
            : type === ErrorType.TemplateMismatch
              ? 'templateMismatch'
              : 'signRequestFailed';
      return replyProblem(reply, kind, message, { failureType: type });
    }
  }
}

async function ownedWorkflowId(client: Client, businessKey: string, clientName: string): Promise<string | null> {
  const description = await describeOwnedByKey(client, businessKey, clientName);
  return description?.workflowId ?? null;
}

/** The workflow id when it is this client's and still running; otherwise the 404 or 409 is sent and null returned. */
async function ownedRunning(
  client: Client,
  businessKey: string,
  clientName: string,
  reply: FastifyReply,
): Promise<string | null> {
  const description = await describeOwnedByKey(client, businessKey, clientName);
  if (description === null) {
    await notFound(reply);
    return null;
  }
  if (description.status.name !== 'RUNNING') {
    await replyProblem(reply, 'actionRefused', `The request has already ended (${description.status.name}).`, {
      failureType: ErrorType.SignRequestAlreadyFinished,
    });
    return null;
  }
  return description.workflowId;
}

async function steer<T>(reply: FastifyReply, action: () => Promise<T>): Promise<T | FastifyReply> {
  try {
    return await action();
  } catch (err) {
    if (err instanceof SignRequestAlreadyFinishedError) {
      // It ended between the running check above and the update.
      return replyProblem(reply, 'actionRefused', `The request has already ended (${err.endedAs}).`, {
        failureType: ErrorType.SignRequestAlreadyFinished,
      });
    }
    if (!(err instanceof WorkflowUpdateFailedError)) throw err;
    const refusal = failureOf(err);
    return replyProblem(reply, 'actionRefused', refusal.message, { failureType: refusal.type });
  }
}

function notFound(reply: FastifyReply): FastifyReply {
  return replyProblem(reply, 'notFound', 'No sign request with this business key for this API client.');
}
