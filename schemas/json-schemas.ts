import { z } from 'zod';
import { signRequestInputSchema } from '../contracts/sign-request-schema';

/**
 * The published JSON Schemas (draft 2020-12), generated from the zod schemas so that other languages validate the
 * same shape and limits. Cross-field rules JSON Schema cannot express (exactly one of sourceFiles/templateId, unique
 * emails, the emailMessage tags, the encoded-size limit) are stated in the descriptions.
 */
export const SIGN_REQUEST_INPUT_SCHEMA_FILE = 'sign-request-input.schema.json';

export function signRequestInputJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(signRequestInputSchema, { target: 'draft-2020-12', io: 'input' });
}

/** The file's exact text: two-space JSON and a final newline. */
export function signRequestInputJsonSchemaText(): string {
  return `${JSON.stringify(signRequestInputJsonSchema(), null, 2)}\n`;
}
