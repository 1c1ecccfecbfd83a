import { z } from 'zod';
import { OUTCOME_STATUSES, signRequestInputSchema } from '../contracts';
import { CANCEL_REASON_MAX, freeTextProblem } from '../contracts/free-text';
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

const signerState = z.object({
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
});

const cancellation = z
  .object({
    by: z.enum(['operator', 'deadline', 'temporal', 'createTimeout']),
    reason: z.string().nullable(),
    at: isoTime,
  })
  .meta({ id: 'Cancellation' });

export const signRequestResultSchema = z
  .object({
    businessKey: z.string(),
    signRequestId: z.string().nullable().describe('Null only when cancelled before Box ever accepted the request'),
    outcome: z.enum(OUTCOME_STATUSES),
    status: z.string().describe("Box's final status"),
    signers: z.array(
      z.object({
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
      }),
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
    resends: z.object({ done: z.number(), lastAt: nullableTime, nextAllowedAt: nullableTime }),
    reminders: z.object({ sent: z.number(), nextAt: nullableTime }).optional(),
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
      .nullable()
      .optional()
      .describe('What currently goes wrong: an activity Box keeps failing, while it is retried'),
    result: signRequestResultSchema.nullable().optional(),
    evidence: evidenceStateSchema.nullable().optional(),
    run: z.number(),
    problem: z
      .object({
        kind: z.enum(['email_bounced']),
        signer: z.number().int().describe("The signer's position in the input, from 0"),
        message: z.string(),
        at: z.string(),
      })
      .nullable()
      .optional()
      .describe("What stands in the request's way now, e.g. a signer's bounced invitation; absent in older requests"),
    journey: z
      .object({
        invited: z.array(z.number().int()).describe('Input positions of the signers whose turn came (told)'),
        viewed: z.array(z.number().int()).describe('Input positions of the signers who opened the document'),
        bounces: z.array(z.object({ signer: z.number().int(), email: z.string(), at: z.string() })),
      })
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

export const signRequestCreatedSchema = z
  .object({
    ...links,
    signRequestId: z.string().describe("Box's sign request id"),
    status: z.string().describe("Box's status when it answered"),
    prepareUrl: z.string().nullable().describe('Set when isDocumentPreparationNeeded: prepare it in Box'),
    signers: z.array(
      z.object({
        email: z.string(),
        embedUrl: z.string().nullable().describe('Set for a signer given embedUrlExternalUserId'),
      }),
    ),
  })
  .meta({ id: 'SignRequestCreated', description: 'Box has accepted the request' });

export const signRequestPendingSchema = z
  .object({
    ...links,
    phase: z.string().describe('Where the workflow is, e.g. creating while Box is slow or down'),
  })
  .meta({ id: 'SignRequestPending', description: 'Started, but Box has not accepted it yet: follow statusUrl' });

export const failureSchema = z.object({
  type: z.string().describe('Stable failure type, e.g. BoxRequestRejected, BoxSignRequestFailed'),
  message: z.string(),
});

/**
 * At most this many inputs per batch: one batch is then about one minute of one Box sender's create quota (100 per
 * minute), starts in well under the request timeout, and one API request cannot start more than that at once.
 */
export const MAX_BATCH_REQUESTS = 100;

export const batchBodySchema = z
  .object({
    requests: z
      .array(signRequestInputSchema)
      .min(1)
      .max(MAX_BATCH_REQUESTS)
      .describe(
        `1 to ${MAX_BATCH_REQUESTS} inputs; each is checked on its own, an invalid one does not stop the others`,
      ),
  })
  .strict();

/** The envelope the handler checks itself: each item is then checked on its own, as the single POST checks it. */
export const batchEnvelopeSchema = z
  .object({
    requests: z
      .array(z.unknown(), { error: 'must be an array of sign-request inputs' })
      .min(1, 'must hold at least one input')
      .max(MAX_BATCH_REQUESTS, `must hold at most ${MAX_BATCH_REQUESTS} inputs`),
  })
  .strict();

const fieldErrors = z.array(
  z.object({
    field: z.string().describe('Path of the field inside this item, e.g. signers[0].email'),
    rule: z.string().describe('The rule it breaks; never its value'),
  }),
);

const batchItem = { index: z.number().int().describe('Position of the input in `requests`, from 0') };

export const batchAnswerSchema = z
  .object({
    summary: z.object({
      started: z.number().int(),
      alreadyStarted: z.number().int(),
      invalid: z.number().int(),
      conflict: z.number().int(),
      failed: z.number().int(),
    }),
    items: z
      .array(
        z.discriminatedUnion('status', [
          z
            .object({ ...batchItem, status: z.enum(['started', 'alreadyStarted']), ...links })
            .describe('started: by this batch; alreadyStarted: the same body was started before, nothing new'),
          z
            .object({
              ...batchItem,
              status: z.literal('invalid'),
              businessKey: z.string().optional(),
              errors: fieldErrors,
            })
            .describe('Breaks a rule: nothing started'),
          z
            .object({ ...batchItem, status: z.literal('conflict'), businessKey: z.string() })
            .describe('The business key belongs to a different body or another client: nothing started'),
          z
            .object({
              ...batchItem,
              status: z.literal('failed'),
              businessKey: z.string().optional(),
              workflowId: z.string().optional(),
              failure: failureSchema,
            })
            .describe('Not started for another reason: send it again'),
        ]),
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

export const resultAnswerSchema = z
  .discriminatedUnion('state', [
    z.object({ state: z.literal('completed'), result: signRequestResultSchema }),
    z.object({ state: z.literal('failed'), failure: failureSchema }),
  ])
  .meta({
    id: 'SignRequestOutcome',
    description:
      'completed: a business outcome (signed, declined, cancelled, expired) in `result`; failed: a technical failure (Box error status, Box rejected it, workflow cancelled or terminated in Temporal)',
  });

export const resultRunningSchema = z
  .object({ state: z.literal('running'), phase: z.string(), statusUrl: z.string() })
  .meta({ id: 'SignRequestRunning', description: 'No outcome yet' });

export const cancelBodySchema = z
  .object({
    reason: z
      .string()
      .max(CANCEL_REASON_MAX)
      .superRefine((reason, ctx) => {
        const problem = freeTextProblem(reason, 'multi-line');
        if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional()
      .describe("Sent to Box as the cancellation's reason; no control, bidirectional or invisible characters"),
  })
  .strict()
  .nullish()
  .describe('Optional: without a body the cancellation has no reason');

export const cancelResultSchema = z.object({ signRequestId: z.string().nullable(), status: z.string() });

export const resendResultSchema = z.object({
  resentAt: isoTime,
  resendsDone: z.number(),
  nextAllowedAt: isoTime.describe('Earliest time Box accepts the next resend'),
});

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
      z.object({
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
      }),
    ),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
  })
  .meta({ id: 'SignRequestList', description: 'From Temporal visibility (eventually consistent), newest first' });

export const healthSchema = z.object({ status: z.literal('ok') });
export const readySchema = z.object({ status: z.enum(['ready', 'not ready']), detail: z.string().optional() });
