/**
 * The input's cross-field rules that JSON Schema can state, added to the published schemas (JSON Schema, OpenAPI) in
 * the one form code generators leave alone: `if: {anyOf: [the forbidden combinations]}, then: false` (openapi-generator
 * makes models of `not`, `anyOf` and `allOf` subschemas, and ignores `if`), so that a generated client keeps plain
 * models while a validator (or a property-based tester) still knows the rule. The zod refinements beside them are what we enforce;
 * what JSON Schema cannot say (a deadline in the future, emails unique regardless of case, the allowed e-mail tags,
 * the encoded size, duration bounds, the callback host policy) stays in the descriptions.
 */

const phoneMethod = {
  required: ['verificationMethod'],
  properties: { verificationMethod: { properties: { type: { const: 'phone' } }, required: ['type'] } },
};
const cacPivMethod = {
  required: ['verificationMethod'],
  properties: { verificationMethod: { properties: { type: { const: 'cac_piv' } }, required: ['type'] } },
};
const finalCopyReader = { role: { const: 'final_copy_reader' } };
const cacPivWithoutOrder = {
  required: ['signers'],
  properties: {
    signers: { minItems: 2, allOf: [{ contains: cacPivMethod }, { contains: { not: { required: ['order'] } } }] },
  },
};

/**
 * Exactly one of sourceFiles and templateId (with templateId, no sourceFiles; without it, sourceFiles); the SMS code
 * before viewing needs a phone-verified signer; with several signers and one on CAC/PIV, every signer has an order.
 */
export const INPUT_CROSS_FIELD_RULES = {
  if: {
    anyOf: [
      { required: ['templateId', 'sourceFiles'] },
      { not: { anyOf: [{ required: ['templateId'] }, { required: ['sourceFiles'] }] } },
      {
        required: ['isPhoneVerificationRequiredToView', 'signers'],
        properties: {
          isPhoneVerificationRequiredToView: { const: true },
          signers: { not: { contains: { anyOf: [{ required: ['verificationPhoneNumber'] }, phoneMethod] } } },
        },
      },
      cacPivWithoutOrder,
    ],
  },
  then: false,
};

/** A reissue's body (`{signers}`): with several signers and one on CAC/PIV, every signer has an order. */
export const REISSUE_CROSS_FIELD_RULES = { if: { anyOf: [cacPivWithoutOrder] }, then: false };

/**
 * A signer: verificationMethod without the legacy verificationPhoneNumber or loginRequired; no phone with
 * loginRequired true; a final_copy_reader verified by nothing.
 */
export const SIGNER_CROSS_FIELD_RULES = {
  if: {
    anyOf: [
      { required: ['verificationMethod', 'verificationPhoneNumber'] },
      { required: ['verificationMethod', 'loginRequired'] },
      { required: ['verificationPhoneNumber', 'loginRequired'], properties: { loginRequired: { const: true } } },
      { required: ['role', 'verificationPhoneNumber'], properties: finalCopyReader },
      { required: ['role', 'password'], properties: finalCopyReader },
      { required: ['role', 'verificationMethod'], properties: finalCopyReader },
    ],
  },
  then: false,
};

/** A prefill tag has exactly one of textValue, checkboxValue and dateValue. */
export const PREFILL_TAG_CROSS_FIELD_RULES = {
  if: {
    anyOf: [
      { required: ['textValue', 'checkboxValue'] },
      { required: ['textValue', 'dateValue'] },
      { required: ['checkboxValue', 'dateValue'] },
      { not: { anyOf: [{ required: ['textValue'] }, { required: ['checkboxValue'] }, { required: ['dateValue'] }] } },
    ],
  },
  then: false,
};

/** A folder id other than 0: Box does not allow the root folder. */
export const NOT_ROOT_FOLDER = { not: { const: '0' } };
