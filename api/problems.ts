import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ProblemFieldError } from '../http/problem';
import { PROBLEM_CONTENT_TYPE, sendProblem } from '../http/problem';

/**
 * The API's problem documents (RFC 9457): one stable `type` per kind of failure, which a client switches on, a
 * fixed title, and a `detail` that says why (never a value from the request: it may be a password).
 */
export const PROBLEMS = {
  invalidInput: { status: 400, title: 'The request is invalid' },
  badRequest: { status: 400, title: 'The HTTP request cannot be handled' },
  unauthorized: { status: 401, title: 'A valid API key is required' },
  forbiddenSender: { status: 403, title: 'This API client may not act as that Box user' },
  notFound: { status: 404, title: 'Not found' },
  methodNotAllowed: { status: 405, title: 'The path does not take this method' },
  businessKeyConflict: { status: 409, title: 'The business key is already used by a different request' },
  actionRefused: { status: 409, title: 'The sign request refused the action' },
  signersMismatch: { status: 409, title: 'The corrected signers do not fit the request' },
  documentNameTaken: { status: 409, title: 'A different file with that name exists in the folder' },
  payloadTooLarge: { status: 413, title: 'The request body is too large' },
  unsupportedMediaType: { status: 415, title: 'The request body must be application/json' },
  boxRejected: { status: 422, title: 'Box did not accept the sign request' },
  templateMismatch: { status: 422, title: 'The request does not fit its Box Sign template' },
  documentRejected: { status: 422, title: 'Box did not accept the document' },
  rateLimited: { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal error' },
  signRequestFailed: { status: 502, title: 'The sign request could not be created' },
  boxFileUnavailable: { status: 502, title: 'Box did not deliver the document' },
  documentCorrupted: { status: 502, title: 'Box received other bytes than were sent' },
  temporalUnavailable: { status: 503, title: 'Temporal is not reachable' },
  boxUnavailable: { status: 503, title: 'Box is not reachable' },
  documentsNotConfigured: { status: 503, title: 'This API holds no Box credentials: it cannot take documents' },
} as const;

export type ProblemKind = keyof typeof PROBLEMS;

export function problemType(kind: ProblemKind): string {
  return `urn:box-sign:problem:${kind.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

export function replyProblem(
  reply: FastifyReply,
  kind: ProblemKind,
  detail: string,
  extra: { errors?: ProblemFieldError[]; failureType?: string } = {},
): FastifyReply {
  const { status, title } = PROBLEMS[kind];
  return sendProblem(reply, { type: problemType(kind), title, status, detail, ...extra });
}

export const problemSchema = z
  .object({
    type: z.string().describe('Stable name of the kind of problem, e.g. urn:box-sign:problem:invalid-input'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    failureType: z
      .string()
      .optional()
      .describe(
        'The stable failure type of a failed create (e.g. BoxRequestRejected) or a refused action (e.g. SignRequestNotCancellable)',
      ),
    errors: z
      .array(
        z
          .object({
            field: z.string().describe('Path of the field, e.g. signers[0].email'),
            rule: z.string().describe('The rule it breaks; never its value'),
          })
          .meta({ id: 'FieldError', description: 'A field and the rule it breaks' }),
      )
      .optional()
      .describe('Every broken rule, for invalid input'),
  })
  .meta({ id: 'Problem', description: 'An RFC 9457 problem document' });

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: `errors` names every field and rule',
  401: 'Missing or wrong API key',
  403: 'The named Box user is not an allowed sender (of the deployment or of this API client): `errors` names the field',
  404: 'No such sign request (or, for a cursor, page) for this API client',
  409: 'Conflict (see `type`)',
  413: 'Body too large',
  415: 'Body is not JSON',
  422: 'Box did not accept the request',
  429: 'Rate limit reached: retry after `Retry-After` seconds',
  500: 'Internal error',
  502: 'Box failed: the sign request before Box accepted it (POST), a document (upload) or a download',
  503: 'Temporal (or, for documents, Box) is not reachable: see `type`',
};

/** Route `response` entries documenting these error statuses as application/problem+json. */
export function problemResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: DESCRIPTIONS[status] ?? 'Error', content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } } },
    ]),
  );
}

/** Every /v1 route can answer these. */
export const COMMON_ERRORS = [401, 429, 500, 503];
