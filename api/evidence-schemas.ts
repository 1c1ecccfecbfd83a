import { z } from 'zod';

/** The evidence's shapes in the API (zod): named schemas in the OpenAPI document. */

export const evidenceDocumentSchema = z
  .object({
    fileId: z.string().describe("Box's file id"),
    name: z.string(),
    kind: z.enum(['signed', 'signingLog', 'attachment']),
    size: z.number().int().describe('Bytes'),
    sha256: z.string().describe('Hex SHA-256 of the bytes, as streamed from Box when the request ended'),
    url: z.string().describe('Path of GET /v1/sign-requests/{businessKey}/documents/{fileId}'),
    signerEmail: z.string().optional().describe('For an attachment: the signer who uploaded it'),
  })
  .meta({ id: 'EvidenceDocument', description: 'A document of the evidence, hashed by us, served from Box' });

export const evidenceStateSchema = z
  .object({
    state: z.enum(['collecting', 'collected', 'failed', 'none']),
    missing: z.array(z.enum(['signed', 'signingLog', 'attachment'])).describe('Kinds still missing'),
    reason: z.string().nullable().describe('Why they are missing; null once collected'),
    since: z.string().describe('When the collection started (the outcome was seen)'),
    collectedAt: z.string().nullable(),
    overdueAt: z.string().nullable().describe('When missing evidence raises the alert'),
  })
  .meta({ id: 'EvidenceState', description: "The evidence's collection: collected, or what is missing and why" });

export const verificationSchema = z
  .discriminatedUnion('type', [
    z
      .object({ type: z.literal('phone'), maskedPhone: z.string().describe('e.g. +1•••••••90') })
      .meta({ id: 'PhoneVerification', description: 'An SMS code to this (masked) phone' }),
    z.object({ type: z.literal('password') }).meta({ id: 'PasswordVerification', description: 'A password' }),
    z.object({ type: z.literal('login') }).meta({ id: 'LoginVerification', description: 'A Box login' }),
    z.object({ type: z.literal('cac_piv') }).meta({ id: 'CacPivVerification', description: 'A CAC/PIV smart card' }),
  ])
  .meta({
    id: 'VerificationRequirement',
    description: 'One check a signer must pass: phone (masked), password, login or cac_piv',
  });

export const signerEvidenceSchema = z
  .object({
    email: z.string(),
    inputs: z.array(
      z
        .object({
          type: z.string().describe('text, checkbox, date, signature…'),
          contentType: z.string().nullable(),
          label: z.string().nullable(),
          documentTagId: z.string().nullable(),
          pageIndex: z.number().nullable(),
          textValue: z.string().nullable(),
          checkboxValue: z.boolean().nullable(),
          dateValue: z.string().nullable(),
        })
        .meta({ id: 'SignerInputValue', description: 'What a signer typed, ticked or dated' }),
    ),
    attachments: z.array(
      z
        .object({ fileId: z.string(), name: z.string() })
        .meta({ id: 'SignerAttachment', description: 'A file a signer attached' }),
    ),
    iframeableEmbedUrl: z.string().nullable(),
    verification: z.array(verificationSchema).describe('What the signer had to pass (never a phone or password)'),
    signingLogSha256: z.string().nullable().describe('The signing log that records how the checks went'),
  })
  .meta({ id: 'SignerEvidence', description: "A signer's inputs, attachments and required verification" });

/** The result's evidence fields (absent in results from before evidence existed). */
export const resultEvidenceFields = {
  documents: z.array(evidenceDocumentSchema).optional(),
  evidence: evidenceStateSchema.nullable().optional(),
  shortId: z.string().nullable().optional().describe("Box's short id of the request (SR-…)"),
  signerEvidence: z.array(signerEvidenceSchema).optional(),
};

export const documentListSchema = z
  .object({ documents: z.array(evidenceDocumentSchema), evidence: evidenceStateSchema.nullable() })
  .meta({ id: 'EvidenceDocumentList', description: "The request's documents, each with its hash and download link" });

export const documentParams = z.object({
  businessKey: z.string().describe('The business key (URL-encoded)'),
  fileId: z
    .string()
    .regex(/^[0-9A-Za-z_-]{1,64}$/, 'must be a Box file id')
    .describe("Box's file id"),
});
