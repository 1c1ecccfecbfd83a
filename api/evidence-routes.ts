import type { FastifyReply } from 'fastify';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { BoxFilesApi } from '../box/file-content';
import { BoxApiError } from '../box/errors';
import type { EvidenceDocument, EvidenceState } from '../contracts';
import { recordedState } from '../client/recorded-state';
import type { ZodHttpApp } from '../http/app';
import type { Logger } from '../logging/logger';
import { clientOf } from './auth';
import { documentListSchema, documentParams } from './evidence-schemas';
import { describeOwnedByKey } from './ownership';
import { COMMON_ERRORS, problemResponses, replyProblem } from './problems';
import { businessKeyParams } from './schemas';

export interface EvidenceRouteContext {
  client: Client;
  /** Box's file downloads; absent when the API holds no Box credentials (the download route then answers 503). */
  files: BoxFilesApi | undefined;
  logger: Logger;
}

const security = [{ bearer: [] }];
const tags = ['documents'];

interface RequestDocuments {
  documents: EvidenceDocument[];
  evidence: EvidenceState | null;
  /** The Box user the request is sent as (its downloads act as it); null for the deployment default. */
  sender: string | null;
}

/**
 * Evidence out: the documents of one request (hashed when it ended) and each one's bytes, streamed from Box as the
 * request's sender with its SHA-256 as Repr-Digest (RFC 9530). Only the documents of that request, only for the
 * client that owns it: anything else is 404, like a request that does not exist.
 */
export function registerEvidenceRoutes(app: ZodHttpApp, ctx: EvidenceRouteContext): void {
  app.get(
    '/sign-requests/:businessKey/documents',
    {
      schema: {
        summary: "The request's documents: signed copies, signing log, attachments, each with its SHA-256",
        operationId: 'listSignRequestDocuments',
        tags,
        security,
        params: businessKeyParams,
        response: { 200: documentListSchema, ...problemResponses(400, 404, ...COMMON_ERRORS) },
      },
    },
    async (request, reply) => {
      const found = await requestDocuments(ctx.client, request.params.businessKey, clientOf(request).name);
      if (found === null) return notFound(reply);
      return { documents: found.documents, evidence: found.evidence };
    },
  );

  app.get(
    '/sign-requests/:businessKey/documents/:fileId',
    {
      schema: {
        summary: 'One document, streamed from Box (Range supported), with Repr-Digest: sha-256',
        description:
          "200 (or 206 for a Range) with the file's bytes, Content-Type, Content-Length, Content-Disposition and " +
          'Repr-Digest: sha-256=:<base64>: (RFC 9530), the SHA-256 recorded when the request ended. 404 for a file ' +
          'that is not a document of this request, or a request of another client.',
        operationId: 'downloadSignRequestDocument',
        tags,
        security,
        params: documentParams,
        response: {
          200: binaryResponse("The document's bytes (application/pdf for the signed copies and the log)"),
          206: binaryResponse('The requested range of the bytes'),
          ...problemResponses(400, 404, 502, ...COMMON_ERRORS),
        },
      },
    },
    async (request, reply) => {
      const { businessKey, fileId } = request.params;
      const found = await requestDocuments(ctx.client, businessKey, clientOf(request).name);
      const document = found?.documents.find((d) => d.fileId === fileId);
      if (!found || !document) return notFound(reply);
      if (!ctx.files)
        return replyProblem(reply, 'boxFileUnavailable', 'This API has no Box credentials for downloads.');
      const range = typeof request.headers.range === 'string' ? request.headers.range : undefined;
      try {
        const as = found.sender === null ? {} : { asUser: found.sender };
        const content = await ctx.files.openFileContent(fileId, as, range === undefined ? {} : { range });
        if (content.kind === 'notReady') {
          return replyProblem(reply, 'boxUnavailable', 'Box answered that the file is not ready yet; try again.');
        }
        reply
          .status(content.status === 206 ? 206 : 200)
          .header('content-type', content.headers['content-type'] ?? contentTypeOf(document.name))
          .header('content-disposition', contentDisposition(document.name))
          .header('repr-digest', `sha-256=:${Buffer.from(document.sha256, 'hex').toString('base64')}:`)
          .header('accept-ranges', 'bytes');
        for (const name of ['content-length', 'content-range'] as const) {
          const value = content.headers[name];
          if (value !== undefined) reply.header(name, value);
        }
        // A stream, piped as it comes (the zod schemas above document the bytes; streams are not serialised).
        return reply.send(content.body as unknown as string);
      } catch (err) {
        if (!(err instanceof BoxApiError)) throw err;
        ctx.logger.warn('api: document download from Box failed', { status: err.status, code: err.code });
        const kind = err.retryable ? 'boxUnavailable' : 'boxFileUnavailable';
        return replyProblem(reply, kind, `Box did not deliver the file: ${err.status ?? err.code}`);
      }
    },
  );
}

async function requestDocuments(
  client: Client,
  businessKey: string,
  clientName: string,
): Promise<RequestDocuments | null> {
  const description = await describeOwnedByKey(client, businessKey, clientName);
  if (description === null) return null;
  const state = await recordedState(client, description.workflowId, description);
  return {
    documents: state.result?.documents ?? [],
    evidence: state.evidence ?? null,
    sender: state.sender ?? null,
  };
}

function notFound(reply: FastifyReply): FastifyReply {
  return replyProblem(
    reply,
    'notFound',
    'No such document of a sign request with this business key for this API client.',
  );
}

function contentTypeOf(name: string): string {
  return /\.pdf$/i.test(name) ? 'application/pdf' : 'application/octet-stream';
}

/** `attachment` with an ASCII fallback and the UTF-8 name (RFC 6266). */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** A streamed answer of any media type (the file's own), documented as bytes. */
function binaryResponse(description: string) {
  return { description, content: { '*/*': { schema: z.string().meta({ format: 'binary' }) } } };
}
