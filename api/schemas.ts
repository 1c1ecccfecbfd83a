import { z } from 'zod';
import { OUTCOME_STATUSES, signRequestInputSchema } from '../contracts';
import { CANCEL_REASON_MAX, freeTextProblem } from '../contracts/free-text';
import { freeTextPattern } from '../contracts/json-text-patterns';
import { evidenceStateSchema, resultEvidenceFields, verificationSchema } from './evidence-schemas';

/** The API's response shapes (zod): they serialise the answers and become the OpenAPI document's schemas. */

const isoTime = z.string().describe('ISO 8601 date-time');
const nullableTime = isoTime.nullable();

/** The characters a business key may have (contracts/validation.ts): anything else cannot name a request. */
const BUSINESS_KEY = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$/;

export const businessKeyParams = z.object({
  businessKey: z
    .string()
    .regex(BUSINESS_KEY, 'must be a business key: letters, digits and . _ : / - (URL-encoded), at most 200')
    .describe('The business key the request was started with (URL-encoded)'),
});

const signerState = z
  .object({
    email: z.string(),
    role: z.string(),
    order: z.number(),
    progress: z.enum(['waiting', 'invited', 'viewed', 'signed', 'declined']),
    viewedAt: nullableTime,
    decidedAt: nullableTime,
    decisionNote: z.string().nullable(),
    verification: z
      .array(verificationSchema)
      .optional()
      .describe('What the signer must pass (phone masked); absent for the sender Box adds and in older requests'),
  })
  .meta({ id: 'SignerState', description: "A signer's progress" });

const cancellation = z
  .object({
    by: z.enum(['operator', 'deadline', 'temporal', 'createTimeout']),
    reason: z.string().nullable(),
    at: isoTime,
  })
  .meta({ id: 'Cancellation' });

export const signRequestInputBodySchema = signRequestInputSchema.meta({ id: 'SignRequestInput' });

export const signRequestResultSchema = z
  .object({
    businessKey: z.string(),
    signRequestId: z.string().nullable().describe('Null only when cancelled before Box ever accepted the request'),
    outcome: z.enum(OUTCOME_STATUSES),
    status: z.string().describe("Box's final status"),
    signers: z.array(
      z
        .object({
          email: z.string(),
          role: z.string(),
          order: z.number(),
          decision: z.enum(['signed', 'declined']).nullable(),
          decidedAt: nullableTime,
          decisionNote: z.string().nullable(),
          verification: z
            .array(verificationSchema)
            .optional()
            .describe('What the signer had to pass (phone masked); absent in older results'),
        })
        .meta({ id: 'SignerDecision', description: "A signer's decision in the result" }),
    ),
    signedFileIds: z.array(z.string()).describe("Box's signed copies: only when the outcome is signed"),
    signingLogFileId: z.string().nullable(),
    prepareUrl: z.string().nullable(),
    finishedAt: nullableTime,
    cancellation: cancellation.nullable(),
    ...resultEvidenceFields,
  })
  .meta({ id: 'SignRequestResult', description: 'How the request ended (a business outcome)' });

export const signRequestStatusSchema = z
  .object({
    businessKey: z.string(),
    phase: z.string().describe('validating, creating, waiting, cancelling, completed or failed'),
    signRequestId: z.string().nullable(),
    boxStatus: z.string().nullable(),
    sender: z
      .string()
      .nullable()
      .optional()
      .describe('The Box user id the request is sent as (`sender.boxUserId`); null for the deployment default'),
    signers: z.array(signerState),
    prepareUrl: z.string().nullable(),
    sentAt: nullableTime,
    lastCheckedAt: nullableTime,
    nextCheckAt: nullableTime,
    statusChanges: z.number(),
    polls: z.number(),
    boxEvents: z.number().optional(),
    resends: z
      .object({ done: z.number(), lastAt: nullableTime, nextAllowedAt: nullableTime })
      .meta({ id: 'ResendState', description: 'Resends done and when the next is allowed' }),
    reminders: z
      .object({ sent: z.number(), nextAt: nullableTime })
      .meta({ id: 'ReminderState', description: 'Reminders sent and the next one' })
      .optional(),
    deadlineAt: nullableTime,
    cancellation: cancellation.nullable(),
    outcome: z.enum(OUTCOME_STATUSES).nullable(),
    failure: z.string().nullable().describe('Why the request failed'),
    failureType: z.string().nullable().optional().describe("The failure's stable type, e.g. BoxRequestRejected"),
    retrying: z
      .object({
        activity: z.string(),
        attempts: z.number(),
        lastErrorType: z.string().nullable(),
        lastErrorMessage: z.string().nullable(),
        nextAttemptAt: nullableTime,
      })
      .meta({ id: 'RetryState', description: 'An activity Box keeps failing, while it is retried' })
      .nullable()
      .optional()
      .describe('What currently goes wrong: an activity Box keeps failing, while it is retried'),
    result: signRequestResultSchema.nullable().optional(),
    evidence: evidenceStateSchema.nullable().optional(),
    run: z.number(),
    round: z
      .number()
      .int()
      .optional()
      .describe("The Box request's round: 2 after the first reissue, …; absent until a reissue"),
    previousSignRequestIds: z
      .array(z.string())
      .optional()
      .describe("Every earlier round's Box request, oldest first (cancelled by a reissue); absent until a reissue"),
    problem: z
      .object({
        kind: z.enum(['email_bounced']),
        signer: z.number().int().describe("The signer's position in the input, from 0"),
        message: z.string(),
        at: z.string(),
      })
      .meta({ id: 'RequestProblem', description: "What stands in the request's way now" })
      .nullable()
      .optional()
      .describe("What stands in the request's way now, e.g. a signer's bounced invitation; absent in older requests"),
    journey: z
      .object({
        invited: z.array(z.number().int()).describe('Input positions of the signers whose turn came (told)'),
        viewed: z.array(z.number().int()).describe('Input positions of the signers who opened the document'),
        bounces: z.array(
          z
            .object({ signer: z.number().int(), email: z.string(), at: z.string() })
            .meta({ id: 'SignerBounce', description: "A signer's invitation that bounced" }),
        ),
      })
      .meta({ id: 'SignerJourney', description: "The signers' journey as told so far" })
      .optional()
      .describe("The signers' journey as told so far; absent in older requests"),
  })
  .loose()
  .meta({ id: 'SignRequestStatus', description: 'The latest known state (what the CLI `status --json` shows)' });

const links = {
  workflowId: z.string(),
  businessKey: z.string(),
  statusUrl: z.string().describe('Path of GET /v1/sign-requests/{businessKey}'),
  resultUrl: z.string().describe('Path of GET /v1/sign-requests/{businessKey}/result'),
};

const signRequestCreatedSchema = z
  .object({
    state: z.literal('created').describe('Box has accepted it (201 now, 200 the same body before)'),
    ...links,
    signRequestId: z.string().describe("Box's sign request id"),
    status: z.string().describe("Box's status when it answered"),
    prepareUrl: z.string().nullable().describe('Set when isDocumentPreparationNeeded: prepare it in Box'),
    signers: z.array(
      z
        .object({
          email: z.string(),
          embedUrl: z.string().nullable().describe('Set for a signer given embedUrlExternalUserId'),
        })
        .meta({ id: 'CreatedSigner', description: 'A signer of the request Box accepted' }),
    ),
  })
  .meta({ id: 'SignRequestCreated', description: 'Box has accepted the request' });

const signRequestPendingSchema = z
  .object({
    state: z.literal('pending').describe('Started, Box has not answered within the wait (202)'),
    ...links,
    phase: z.string().describe('Where the workflow is, e.g. creating while Box is slow or down'),
  })
  .meta({ id: 'SignRequestPending', description: 'Started, but Box has not accepted it yet: follow statusUrl' });

/** The start's one answer type, told apart by `state`, for its 200, 201 and 202 (as the result route's answers). */
export const signRequestStartAnswerSchema = z
  .discriminatedUnion('state', [signRequestCreatedSchema, signRequestPendingSchema])
  .meta({ id: 'SignRequestStart', description: 'created (200, 201): Box accepted it; pending (202): not yet' });

export const failureSchema = z
  .object({
    type: z.string().describe('Stable failure type, e.g. BoxRequestRejected, BoxSignRequestFailed'),
    message: z.string(),
  })
  .meta({ id: 'Failure', description: 'A technical failure: its stable type and message' });

/**
 * At most this many inputs per batch: one batch is then about one minute of one Box sender's create quota (100 per
 * minute), starts in well under the request timeout, and one API request cannot start more than that at once.
 */
export const MAX_BATCH_REQUESTS = 100;

/**
 * The batch body, as checked and as published: only the envelope is checked as a whole; each item is then checked on
 * its own against SignRequestInput, as the single POST checks it, and an invalid one is answered in its own item. So
 * the published item schema is any JSON value (a schema claiming SignRequestInput would promise a 400 we never send).
 */
export const batchEnvelopeSchema = z
  .object({
    requests: z
      .array(
        z
          .unknown()
          .describe(
            'A SignRequestInput (#/components/schemas/SignRequestInput), checked on its own: an invalid one is ' +
              'answered as an item with status invalid and its errors, and the others still start',
          ),
        { error: 'must be an array of sign-request inputs' },
      )
      .min(1, 'must hold at least one input')
      .max(MAX_BATCH_REQUESTS, `must hold at most ${MAX_BATCH_REQUESTS} inputs`)
      .describe(
        `1 to ${MAX_BATCH_REQUESTS} inputs; each is checked on its own, an invalid one does not stop the others`,
      ),
  })
  .strict()
  .meta({ id: 'SignRequestBatch', description: 'Many sign-request inputs, each started (or refused) on its own' });

const fieldErrors = z.array(
  z
    .object({
      field: z.string().describe('Path of the field inside this item, e.g. signers[0].email'),
      rule: z.string().describe('The rule it breaks; never its value'),
    })
    .meta({ id: 'BatchFieldError', description: 'A field of a batch item and the rule it breaks' }),
);

const batchItem = { index: z.number().int().describe('Position of the input in `requests`, from 0') };

export const batchAnswerSchema = z
  .object({
    summary: z
      .object({
        started: z.number().int(),
        alreadyStarted: z.number().int(),
        invalid: z.number().int(),
        conflict: z.number().int(),
        failed: z.number().int(),
      })
      .meta({ id: 'SignRequestBatchSummary', description: 'How many items ended each way' }),
    items: z
      .array(
        z
          .discriminatedUnion('status', [
            z
              .object({ ...batchItem, status: z.literal('started'), ...links })
              .meta({ id: 'BatchItemStarted', description: 'Started by this batch' }),
            z
              .object({ ...batchItem, status: z.literal('alreadyStarted'), ...links })
              .meta({ id: 'BatchItemAlreadyStarted', description: 'The same body was started before: nothing new' }),
            z
              .object({
                ...batchItem,
                status: z.literal('invalid'),
                businessKey: z.string().optional(),
                errors: fieldErrors,
              })
              .meta({ id: 'BatchItemInvalid', description: 'Breaks a rule: nothing started' }),
            z.object({ ...batchItem, status: z.literal('conflict'), businessKey: z.string() }).meta({
              id: 'BatchItemConflict',
              description: 'The business key belongs to a different body or another client: nothing started',
            }),
            z
              .object({
                ...batchItem,
                status: z.literal('failed'),
                businessKey: z.string().optional(),
                workflowId: z.string().optional(),
                failure: failureSchema,
              })
              .meta({ id: 'BatchItemFailed', description: 'Not started for another reason: send it again' }),
          ])
          .meta({ id: 'SignRequestBatchItem', description: 'What became of one input, by `status`' }),
      )
      .describe('One per input, in the order of `requests`'),
  })
  .meta({
    id: 'SignRequestBatchResult',
    description: 'Each input started or not, without waiting for Box: follow each statusUrl (or its callback)',
  });

export const resultQuerySchema = z.object({
  waitSeconds: z.coerce.number().int().min(0).max(60).default(0).describe('Long-poll up to this many seconds'),
});

/**
 * The result route's one answer type, told apart by `state`, for its 200 (completed, failed) and its 202 (running):
 * a generated client reads every 2xx as one type (openapi-generator's Java client could not read a 202 otherwise).
 */
export const resultAnswerSchema = z
  .discriminatedUnion('state', [
    z
      .object({ state: z.literal('completed'), result: signRequestResultSchema })
      .meta({ id: 'SignRequestCompleted', description: 'A business outcome: signed, declined, cancelled or expired' }),
    z
      .object({ state: z.literal('failed'), failure: failureSchema })
      .meta({ id: 'SignRequestFailure', description: 'A technical failure' }),
    z
      .object({ state: z.literal('running'), phase: z.string(), statusUrl: z.string() })
      .meta({ id: 'SignRequestRunning', description: 'No outcome yet (202)' }),
  ])
  .meta({
    id: 'SignRequestOutcome',
    description:
      'completed (200): a business outcome (signed, declined, cancelled, expired) in `result`; failed (200): a technical failure (Box error status, Box rejected it, workflow cancelled or terminated in Temporal); running (202): no outcome yet',
  });

export const cancelBodySchema = z
  .object({
    reason: z
      .string()
      .max(CANCEL_REASON_MAX)
      .superRefine((reason, ctx) => {
        const problem = freeTextProblem(reason, 'multi-line');
        if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
      })
      .meta({ pattern: freeTextPattern('multi-line') })
      .optional()
      .describe("Sent to Box as the cancellation's reason; no control, bidirectional or invisible characters"),
  })
  .strict()
  .meta({ id: 'CancelRequest', description: 'Optional: without a body the cancellation has no reason' })
  .nullish();

export const cancelResultSchema = z
  .object({ signRequestId: z.string().nullable(), status: z.string() })
  .meta({ id: 'CancelResult', description: 'The request as Box answered the cancellation' });

export const resendResultSchema = z
  .object({
    resentAt: isoTime,
    resendsDone: z.number(),
    nextAllowedAt: isoTime.describe('Earliest time Box accepts the next resend'),
  })
  .meta({ id: 'ResendResult', description: 'The resend done and when the next one is allowed' });

export const listQuerySchema = z.object({
  status: z
    .string()
    .regex(/^[a-z_ ]{1,40}$/, 'must be a Box status, e.g. sent, signed, error_sending')
    .optional()
    .describe("Box's status"),
  verification: z
    .enum(['phone', 'cac_piv', 'login', 'password', 'none'])
    .optional()
    .describe('Requests with a signer verified so'),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,4096}\.[A-Za-z0-9_-]{22}$/, 'must be a nextCursor from an earlier page')
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const listAnswerSchema = z
  .object({
    items: z.array(
      z
        .object({
          businessKey: z.string(),
          workflowId: z.string(),
          executionStatus: z.string().describe('Temporal: RUNNING, COMPLETED, FAILED, …'),
          boxStatus: z.string().nullable(),
          signRequestId: z.string().nullable(),
          sender: z.string().nullable().describe('The Box user id it is sent as (BoxSender); null for the default'),
          verification: z.array(z.string()),
          startTime: isoTime,
          closeTime: nullableTime,
          statusUrl: z.string(),
        })
        .meta({ id: 'SignRequestListItem', description: 'One sign request of the list' }),
    ),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
  })
  .meta({ id: 'SignRequestList', description: 'From Temporal visibility (eventually consistent), newest first' });

export const healthSchema = z.object({ status: z.literal('ok') }).meta({ id: 'Liveness', description: 'Alive' });
export const readySchema = z
  .object({ status: z.enum(['ready', 'not ready']), detail: z.string().optional() })
  .meta({ id: 'Readiness', description: 'Ready, or not ready and why' });
