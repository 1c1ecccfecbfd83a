import type { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ACCEPTED_MEDIA_TYPES } from '../documents/media-types';

/**
 * POST /v1/documents: the query names the document and where it goes; the body is the document itself. Every field
 * is a plain optional string here so that the route reports every broken rule at once, with field and rule
 * (documents/rules.ts), rather than fastify's first schema error.
 */
export const documentQuerySchema = z.object({
  name: z.string().optional().describe('The file name in Box, with the extension of its type (e.g. contract.pdf)'),
  folderId: z.string().optional().describe('The Box folder id (digits) the document goes into'),
  senderBoxUserId: z
    .string()
    .optional()
    .describe(
      'The Box user id the upload is made as (`as-user`): the same rules as a request’s `sender.boxUserId`; absent: ' +
        'the deployment’s default identity',
    ),
});

export const uploadedDocumentSchema = z
  .object({
    fileId: z.string().describe('The Box file id: give it as sourceFiles[].id when starting the request'),
    name: z.string(),
    size: z.number().int().describe('Bytes'),
    sha256: z.string().describe('Hex SHA-256 of the bytes received'),
  })
  .meta({
    id: 'UploadedDocument',
    description: 'The document in Box: 201 uploaded now, 200 the same bytes were already there under that name',
  });

/** The body's media types, for the OpenAPI document (`consumes`: the route takes the body as a raw stream). */
export const DOCUMENT_MEDIA_TYPES_CONSUMED = [...ACCEPTED_MEDIA_TYPES];

type SwaggerTransform = typeof jsonSchemaTransform;

/**
 * The OpenAPI document of a route that reads its body as a raw stream (it declares `consumes` and no `body`, so
 * fastify validates nothing): the body is binary, of each media type it consumes.
 */
export function withBinaryBodies(transform: SwaggerTransform): SwaggerTransform {
  return (input) => {
    const out = transform(input);
    const schema = out.schema as Record<string, unknown>;
    if (!Array.isArray(schema['consumes']) || schema['body'] !== undefined) return out;
    return { ...out, schema: { ...schema, body: { type: 'string', format: 'binary' } } };
  };
}
