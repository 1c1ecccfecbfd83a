import type { FastifyReply } from 'fastify';
import type { Client } from '@temporalio/client';
import { WorkflowUpdateFailedError, WorkflowUpdateStage } from '@temporalio/client';
import { z } from 'zod';
import { InvalidSignRequestInputError, SignRequestAlreadyFinishedError } from '../client/errors';
import { prepareReissue } from '../client/reissue';
import type { ReissueResult } from '../contracts';
import { ErrorType, describeIssues, reissueUpdate, validationIssuesFromZod } from '../contracts';
import { reissueBodySchema } from '../contracts/reissue-schema';
import type { SecretSealing } from '../encryption/sealing-keys';
import type { StartBindingKeys } from '../encryption/start-binding';
import type { ZodHttpApp } from '../http/app';
import { clientOf } from './auth';
import { failureOf } from './failures';
import { describeOwnedByKey } from './ownership';
import { COMMON_ERRORS, problemResponses, replyProblem } from './problems';
import { businessKeyParams } from './schemas';

export interface ReissueRouteContext {
  client: Client;
  /** How long the POST waits for the new round before answering 202 (the start's wait). */
  createWaitMs: number;
  sealing: SecretSealing;
  startBinding: StartBindingKeys | null;
}

const security = [{ bearer: [] }];
const tags = ['sign requests'];

const reissuedSchema = z
  .object({
    state: z.literal('reissued').describe('Box has the new round'),
    statusUrl: z.string(),
    signRequestId: z.string().describe("The new round's Box sign request id"),
    status: z.string(),
    round: z.number().int().describe('The round: 1 for the first Box request, 2 after the first reissue, …'),
    previousSignRequestIds: z.array(z.string()).describe("Every earlier round's Box request, oldest first"),
    prepareUrl: z.string().nullable(),
    signers: z.array(
      z
        .object({ email: z.string(), embedUrl: z.string().nullable() })
        .meta({ id: 'ReissuedSigner', description: 'A corrected signer and its embed URL' }),
    ),
  })
  .meta({ id: 'SignRequestReissued' });

const reissuePendingSchema = z
  .object({
    state: z.literal('pending').describe('Accepted; Box has not answered within the wait (follow statusUrl)'),
    statusUrl: z.string(),
    round: z.number().int().describe('The round being made'),
  })
  .meta({ id: 'SignRequestReissuePending' });

const reissueAnswerSchema = z
  .discriminatedUnion('state', [reissuedSchema, reissuePendingSchema])
  .meta({ id: 'SignRequestReissue', description: '200: reissued; 202: accepted, Box has not answered yet' });

/** POST /v1/sign-requests/{businessKey}/reissue: correct the signers and reissue, in the same workflow. */
export function registerReissueRoutes(app: ZodHttpApp, ctx: ReissueRouteContext): void {
  app.post(
    '/sign-requests/:businessKey/reissue',
    {
      attachValidation: true,
      schema: {
        operationId: 'reissueSignRequest',
        summary: 'Correct the signers and reissue: the Box request is cancelled and a new one created',
        description:
          'The corrected signers in full (same count, order and role; email, phone, password and verification method may change). 200 once Box has the new round, 202 while Box is slow (follow statusUrl); 400 naming the field for signers that break a rule, 409 signers-mismatch for signers that do not fit this request (count, positions), nothing sent to Box; 409 action-refused once anyone has signed, while a create, cancel or another reissue is under way, or once the request ended. The same body again does one reissue.',
        tags,
        security,
        params: businessKeyParams,
        body: reissueBodySchema,
        response: {
          200: reissueAnswerSchema,
          202: reissueAnswerSchema,
          ...problemResponses(400, 404, 409, 413, 415, ...COMMON_ERRORS),
        },
      },
    },
    async (request, reply) => {
      const { businessKey } = request.params;
      const body = reissueBodySchema.safeParse(request.body);
      if (!body.success) {
        const errors = validationIssuesFromZod(body.error);
        return replyProblem(reply, 'invalidInput', describeIssues(errors), { errors });
      }
      const apiClient = clientOf(request).name;
      const description = await describeOwnedByKey(ctx.client, businessKey, apiClient);
      if (description === null) {
        return replyProblem(reply, 'notFound', 'No sign request with this business key for this API client.');
      }
      if (description.status.name !== 'RUNNING') return alreadyEnded(reply, description.status.name);
      const statusUrl = `/v1/sign-requests/${encodeURIComponent(businessKey)}`;
      try {
        const { workflowId } = description;
        const { request: reissue, updateId } = await prepareReissue(ctx.client, workflowId, body.data.signers, {
          sealing: ctx.sealing,
          apiClient,
          startBinding: ctx.startBinding,
        });
        const update = await ctx.client.workflow.getHandle(workflowId).startUpdate(reissueUpdate, {
          args: [reissue],
          updateId,
          waitForStage: WorkflowUpdateStage.ACCEPTED,
        });
        const result = await within(update.result(), ctx.createWaitMs);
        if (result === null) return reply.status(202).send({ state: 'pending', statusUrl, round: reissue.round });
        return { state: 'reissued' as const, statusUrl, ...result };
      } catch (err) {
        return refusal(reply, err);
      }
    },
  );
}

/** The update's answer, or null when the wait ran out first (the reissue goes on in the workflow). */
async function within(result: Promise<ReissueResult>, waitMs: number): Promise<ReissueResult | null> {
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), waitMs)));
  try {
    return await Promise.race([result, waited]);
  } finally {
    clearTimeout(timer);
    result.catch(() => undefined);
  }
}

function refusal(reply: FastifyReply, err: unknown): FastifyReply {
  // The body passed the signer rules (checked above): these are rules of this request (the signers' count, their
  // positions, the rest of its input), a conflict with the resource, not a malformed body.
  if (err instanceof InvalidSignRequestInputError) {
    return replyProblem(reply, 'signersMismatch', describeIssues(err.issues), { errors: err.issues });
  }
  if (err instanceof SignRequestAlreadyFinishedError) return alreadyEnded(reply, err.endedAs);
  if (!(err instanceof WorkflowUpdateFailedError)) throw err;
  const failure = failureOf(err);
  if (failure.type === ErrorType.InvalidSignRequestInput) {
    return replyProblem(reply, 'signersMismatch', failure.message, { failureType: failure.type });
  }
  return replyProblem(reply, 'actionRefused', failure.message, { failureType: failure.type });
}

function alreadyEnded(reply: FastifyReply, endedAs: string): FastifyReply {
  return replyProblem(reply, 'actionRefused', `The request has already ended (${endedAs}).`, {
    failureType: ErrorType.SignRequestAlreadyFinished,
  });
}
