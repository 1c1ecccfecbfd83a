import { z } from 'zod';
import { REISSUE_CROSS_FIELD_RULES } from './sign-request-json-rules';
import { signersSchema } from './sign-request-schema';

/**
 * The body of a reissue (POST …/reissue, `box-sign reissue`, the library): the corrected signers in full, checked by
 * the start's own signer rules. Kept out of contracts/reissue.ts, which the workflow imports (no zod in the sandbox).
 */
export const reissueBodySchema = z
  .strictObject({
    signers: signersSchema.describe(
      'Every signer of the request, corrected, in their positions (same count, order and role); email, phone, password and verification method may change',
    ),
  })
  .meta({
    id: 'ReissueRequest',
    description: 'The corrected signers of a request to reissue',
    ...REISSUE_CROSS_FIELD_RULES,
  });
