import type { PlaintextSignRequestInput, SignRequestInput, ValidationIssue } from '../contracts';
import { isSealedSecret, maskPhoneNumber, validateSignRequestInput } from '../contracts';

const SECRET_FIELDS = ['password', 'verificationPhoneNumber'] as const;

export const MASK_MISMATCH_RULE = 'must be sealed with its own masked number (masked does not match the sealed number)';

/**
 * A value a business system sealed itself was only checked for its shape where it entered: once opened, it must keep
 * the same rules as a plain one (a password not blank, a phone number E.164), and a phone number must have the mask
 * that came with it, since operators, the Web UI and the evidence show that mask as the number Box calls. The issues
 * name the field and the rule, never the value.
 */
export function openedSecretIssues(sealed: SignRequestInput, opened: PlaintextSignRequestInput): ValidationIssue[] {
  const wasSealed = sealed.signers.flatMap((signer, index) =>
    SECRET_FIELDS.filter((field) => isSealedSecret(signer[field])).map((field) => `signers[${index}].${field}`),
  );
  if (wasSealed.length === 0) return [];
  const issues = validateSignRequestInput(opened).filter((issue) => wasSealed.includes(issue.field));
  sealed.signers.forEach((signer, index) => {
    const phone = signer.verificationPhoneNumber;
    const plain = opened.signers[index]?.verificationPhoneNumber;
    if (!isSealedSecret(phone) || !('masked' in phone) || typeof plain !== 'string') return;
    const field = `signers[${index}].verificationPhoneNumber`;
    if (maskPhoneNumber(plain) !== phone.masked && !issues.some((issue) => issue.field === field)) {
      issues.push({ field, rule: MASK_MISMATCH_RULE });
    }
  });
  return issues;
}
