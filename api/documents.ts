import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { IncomingMessage } from 'node:http';
import type { BoxUploadApi } from '../box/upload-api';
import { BoxApiError } from '../box/errors';
import { describeIssues } from '../contracts';
import { DocumentNameTakenError, DocumentTooLargeError } from '../documents/errors';
import type { DocumentTarget } from '../documents/rules';
import { checkDocumentRequest } from '../documents/rules';
import { spoolDocument } from '../documents/spool';
import { uploadMeasuredDocument } from '../documents/upload';
import type { ZodHttpApp } from '../http/app';
import type { Logger } from '../logging/logger';
import { clientOf } from './auth';
import { isSenderRefusal } from '../contracts/allowed-senders';
import { DOCUMENT_MEDIA_TYPES_CONSUMED, documentQuerySchema, uploadedDocumentSchema } from './document-schemas';
import { COMMON_ERRORS, problemResponses, replyProblem } from './problems';

export interface DocumentRouteContext {
  /** Box's upload API as this API's identity; null when the API holds no Box credentials. */
  box: BoxUploadApi | null;
  /** DOCUMENT_MAX_BYTES: 413 past it. */
  maxBytes: number;
  /** BOX_SIGN_ALLOWED_SENDERS (a client's own `senders` narrow it), as for a request's sender. */
  allowedSenders: readonly string[];
  logger: Logger;
}

/** Box's codes for a body whose SHA-1 is not the `content-md5` / `digest` sent with it. */
const DIGEST_MISMATCH_CODES = new Set(['bad_digest', 'digest_mismatch', 'sha1_mismatch', 'content_md5_mismatch']);

/**
 * POST /v1/documents: the document as the raw body, streamed to a temporary file (SHA-1 for Box's `content-md5`,
 * SHA-256 for the caller) and from there to Box as the sender. Registered in a scope of its own: every content type
 * reaches the handler as the request stream (the route says which types it takes), and no other route sees that.
 */
export async function registerDocumentRoutes(app: ZodHttpApp, ctx: DocumentRouteContext): Promise<void> {
  await app.register((plain, _options, registered) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request: FastifyRequest, payload: IncomingMessage, done) => done(null, payload));
    scope.post(
      '/documents',
      {
        attachValidation: true,
        bodyLimit: ctx.maxBytes,
        schema: {
          operationId: 'uploadDocument',
          summary: 'Upload a document to Box for signing (idempotent by folder, name and content)',
          description:
            'The body is the document itself (application/pdf, Word, images… see `consumes`), streamed to Box as the ' +
            'sender. 201 uploaded; 200 the same bytes were already in the folder under that name (same fileId, ' +
            'nothing uploaded again); 409 a different file has that name there; 413 above DOCUMENT_MAX_BYTES. Give ' +
            'the fileId as sourceFiles[].id to POST /v1/sign-requests.',
          tags: ['documents'],
          security: [{ bearer: [] }],
          consumes: DOCUMENT_MEDIA_TYPES_CONSUMED,
          querystring: documentQuerySchema,
          response: {
            201: uploadedDocumentSchema,
            200: uploadedDocumentSchema,
            ...problemResponses(400, 403, 409, 413, 422, 502, ...COMMON_ERRORS),
          },
        },
      },
      async (request, reply) => {
        const body = request.body as IncomingMessage | undefined;
        // The raw query when the schema refused it (attachValidation): only its strings are read.
        const query = request.query as Record<string, unknown>;
        const text = (key: string) => (typeof query[key] === 'string' ? query[key] : undefined);
        const check = checkDocumentRequest(
          {
            name: text('name'),
            folderId: text('folderId'),
            senderBoxUserId: text('senderBoxUserId'),
            contentType: request.headers['content-type'],
          },
          { deployment: ctx.allowedSenders, apiClient: clientOf(request).senders },
        );
        if (!check.ok) {
          const kind = check.issues.every(isSenderRefusal) ? 'forbiddenSender' : 'invalidInput';
          return replyProblem(reply, kind, describeIssues(check.issues), { errors: check.issues });
        }
        if (ctx.box === null) {
          return replyProblem(
            reply,
            'documentsNotConfigured',
            'Set the Box credentials of the API process (BOX_CLIENT_ID… see docs/deployment.md) to upload documents.',
          );
        }
        const declared = Number(request.headers['content-length']);
        if (body === undefined || declared > ctx.maxBytes) return tooLarge(reply, ctx.maxBytes);
        return upload(reply, ctx, ctx.box, check.target, body);
      },
    );
    registered();
  });
}

async function upload(
  reply: FastifyReply,
  ctx: DocumentRouteContext,
  box: BoxUploadApi,
  target: DocumentTarget,
  body: IncomingMessage,
): Promise<FastifyReply> {
  let spooled;
  try {
    spooled = await spoolDocument(body, ctx.maxBytes);
  } catch (err) {
    if (err instanceof DocumentTooLargeError) return tooLarge(reply, ctx.maxBytes);
    throw err;
  }
  try {
    const uploaded = await uploadMeasuredDocument(box, target, spooled);
    const { fileId, name, size, sha256 } = uploaded;
    return reply.status(uploaded.created ? 201 : 200).send({ fileId, name, size, sha256 });
  } catch (err) {
    return replyUploadFailure(reply, ctx.logger, err);
  } finally {
    await spooled.remove();
  }
}

function tooLarge(reply: FastifyReply, maxBytes: number): FastifyReply {
  // The rest of an over-long body is not read: the connection closes after the answer.
  reply.header('connection', 'close');
  return replyProblem(reply, 'payloadTooLarge', `The document is larger than the maximum of ${maxBytes} bytes.`);
}

/** What Box's refusal means for the caller; never Box's message verbatim (it may quote the name). */
function replyUploadFailure(reply: FastifyReply, logger: Logger, err: unknown): FastifyReply {
  if (err instanceof DocumentNameTakenError) {
    return replyProblem(
      reply,
      'documentNameTaken',
      'A different file with that name exists in the folder: choose another name or folder.',
    );
  }
  if (!(err instanceof BoxApiError)) throw err;
  logger.warn('api: document upload failed at Box', { status: err.status, code: err.code, requestId: err.requestId });
  if (err.retryable) {
    reply.header('retry-after', String(Math.max(1, Math.ceil((err.retryAfterMs ?? 5_000) / 1000))));
    return replyProblem(reply, 'boxUnavailable', `Box did not take the document (${err.status ?? err.code}); retry.`);
  }
  if (DIGEST_MISMATCH_CODES.has(err.code)) {
    return replyProblem(
      reply,
      'documentCorrupted',
      "Box's SHA-1 of what it received is not the document's (content-md5): nothing was stored; send it again.",
    );
  }
  const why =
    err.status === 404
      ? 'the folder does not exist or the sender cannot reach it'
      : err.status === 403
        ? 'the sender may not upload there (or is out of storage)'
        : 'see the API log for Box’s request id';
  return replyProblem(reply, 'documentRejected', `Box answered ${err.status ?? ''} ${err.code}: ${why}.`, {
    failureType: err.code,
  });
}
