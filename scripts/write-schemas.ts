import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SIGN_REQUEST_INPUT_SCHEMA_FILE, signRequestInputJsonSchemaText } from '../schemas/json-schemas';

/** `node lib/scripts/write-schemas.js` (after the build): rewrites schemas/*.schema.json from the zod schemas. */
const target = join(__dirname, '..', '..', 'schemas', SIGN_REQUEST_INPUT_SCHEMA_FILE);
writeFileSync(target, signRequestInputJsonSchemaText());
console.log(`wrote ${target}`);
