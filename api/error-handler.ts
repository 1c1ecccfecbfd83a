import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { Logger } from '../logging/logger';
import { InvalidSignRequestInputError } from '../client/errors';
import { describeIssues, fieldPath } from '../contracts';
import { PayloadDecryptionError } from '../encryption/errors';
import { replyProblem } from './problems';

const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;

/** Every error becomes a problem document; none echoes the body (a JSON syntax error gives its position only). */
export function apiErrorHandler(logger: Logger) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const errors = error.validation.map((issue) => ({
        field: fieldPath(issue.instancePath.split('/').filter(Boolean)),
        rule: issue.message ?? 'is invalid',
      }));
      const where = error.validationContext ?? 'request';
      return replyProblem(reply, 'invalidInput', `The ${where} breaks ${errors.length} rule(s).`, { errors });
    }
    if (error instanceof InvalidSignRequestInputError) {
      return replyProblem(reply, 'invalidInput', describeIssues(error.issues), { errors: error.issues });
    }
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return replyProblem(reply, 'payloadTooLarge', 'The request body is larger than this API accepts.');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return replyProblem(reply, 'unsupportedMediaType', 'Send the body as application/json.');
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return replyProblem(reply, 'invalidInput', 'The JSON body is empty.', {
          errors: [{ field: 'input', rule: 'must be a JSON object' }],
        });
    }
    if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      const position = /position (\d+)/.exec(error.message)?.[1];
      const detail = `The body is not valid JSON${position === undefined ? '' : ` (at position ${position})`}.`;
      return replyProblem(reply, 'invalidInput', detail, { errors: [{ field: 'input', rule: 'must be valid JSON' }] });
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      // Any other refusal of fastify's own (an unknown method without a body type, a malformed header…).
      return replyProblem(reply, 'badRequest', 'The HTTP request cannot be handled by this API.');
    }
    if (isUndecryptable(error)) {
      logger.error('api: a payload is encrypted with a key this API does not hold', {
        route: request.routeOptions.url,
      });
      return replyProblem(
        reply,
        'internal',
        'A payload of this request is encrypted with a key this API does not hold (BOX_SIGN_ENCRYPTION_KEYS).',
      );
    }
    if (isTemporalUnreachable(error)) {
      logger.warn('api: Temporal not reachable', { route: request.routeOptions.url, error: error.message });
      return replyProblem(reply, 'temporalUnavailable', 'Temporal did not answer; retry later.');
    }
    logger.error('api: request failed', { route: request.routeOptions.url, error: error.stack ?? error.message });
    return replyProblem(reply, 'internal', 'The request could not be completed; the API log has the reason.');
  };
}

function isUndecryptable(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (cause instanceof PayloadDecryptionError) return true;
  }
  return false;
}

export function isTemporalUnreachable(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    const code = (cause as { code?: unknown }).code;
    if (code === GRPC_UNAVAILABLE || code === GRPC_DEADLINE_EXCEEDED) return true;
    if (cause.name === 'TransportError') return true;
  }
  return false;
}
