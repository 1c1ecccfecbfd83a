import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INPUT_LIMITS, MAX_INPUT_BYTES } from '../../contracts';
import { SIGN_REQUEST_INPUT_SCHEMA_FILE, signRequestInputJsonSchemaText } from '../../schemas/json-schemas';

interface JsonSchema {
  $schema?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: boolean;
  maxItems?: number;
  maxLength?: number;
  pattern?: string;
  uniqueItems?: boolean;
  anyOf?: JsonSchema[];
  required?: string[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  not?: JsonSchema;
}

const committedPath = join(__dirname, '..', '..', 'schemas', SIGN_REQUEST_INPUT_SCHEMA_FILE);

describe('the published JSON Schema of the input', () => {
  it('is what the zod schema generates (regenerate: npm run build && node lib/scripts/write-schemas.js)', () => {
    expect(readFileSync(committedPath, 'utf8')).toBe(signRequestInputJsonSchemaText());
  });

  it('is draft 2020-12, closed to unknown fields and carries the limits for other languages', () => {
    const schema = JSON.parse(signRequestInputJsonSchemaText()) as JsonSchema;
    // Named parts (Signer, SignerPassword…) are $defs, referenced where they are used.
    const resolve = (at: JsonSchema): JsonSchema =>
      at.$ref === undefined ? at : resolve(schema.$defs![at.$ref.replace('#/$defs/', '')]!);
    const property = (path: string[]): JsonSchema =>
      path.reduce<JsonSchema>(
        (at, key) => resolve(key === 'items' ? at.items! : resolve(at).properties![key]!),
        schema,
      );
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    expect(property(['signers', 'items']).additionalProperties).toBe(false);
    expect(property(['signers']).maxItems).toBe(INPUT_LIMITS.signers);
    const [plaintextPassword, sealedPassword] = property(['signers', 'items', 'password']).anyOf ?? [];
    expect(plaintextPassword?.maxLength).toBe(INPUT_LIMITS.password);
    expect(resolve(sealedPassword!).required).toEqual(['sealed']);
    expect(property(['parentFolder', 'id']).not).toEqual({ const: '0' });
    expect(property(['emailMessage']).maxLength).toBe(INPUT_LIMITS.emailMessage);
    expect(property(['businessKey']).pattern).not.toContain('/');
    expect(schema.description).toContain(String(MAX_INPUT_BYTES));
    expect(property(['callback', 'events']).uniqueItems).toBe(true);
  });
});
