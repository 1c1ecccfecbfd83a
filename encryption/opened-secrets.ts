import type { PlaintextSignRequestInput, SignRequestInput, ValidationIssue } from '../contracts';
import { isSealedSecret, maskPhoneNumber, validateSignRequestInput } from '../contracts';

export const MASK_MISMATCH_RULE = 'must be sealed with its own masked number (masked does not match the sealed number)';

/** One secret of a signer: where it is, as entered and as opened. */
interface SecretField {
  field: string;
  sealed: unknown;
  opened: unknown;
  isPhone: boolean;
}

function secretFields(sealed: SignRequestInput, opened: PlaintextSignRequestInput): SecretField[] {
  return sealed.signers.flatMap((signer, index) => {
    const plain = opened.signers[index];
    const method = signer.verificationMethod;
    const plainMethod = plain?.verificationMethod;
    return [
      { field: `signers[${index}].password`, sealed: signer.password, opened: plain?.password, isPhone: false },
      {
        field: `signers[${index}].verificationPhoneNumber`,
        sealed: signer.verificationPhoneNumber,
        opened: plain?.verificationPhoneNumber,
        isPhone: true,
      },
      {
        field: `signers[${index}].verificationMethod.phoneNumber`,
        sealed: method?.type === 'phone' ? method.phoneNumber : undefined,
        opened: plainMethod?.type === 'phone' ? plainMethod.phoneNumber : undefined,
        isPhone: true,
      },
    ];
  });
}

/**
 * A value a business system sealed itself was only checked for its shape where it entered: once opened, it must keep
 * the same rules as a plain one (a password not blank, a phone number E.164), and a phone number must have the mask
 * that came with it, since operators, the Web UI and the evidence show that mask as the number Box calls. The issues
 * name the field and the rule, never the value.
 */
export function openedSecretIssues(sealed: SignRequestInput, opened: PlaintextSignRequestInput): ValidationIssue[] {
  const wasSealed = secretFields(sealed, opened).filter((secret) => isSealedSecret(secret.sealed));
  if (wasSealed.length === 0) return [];
  const sealedFields = wasSealed.map((secret) => secret.field);
  const issues = validateSignRequestInput(opened).filter((issue) => sealedFields.includes(issue.field));
  for (const { field, sealed: value, opened: plain, isPhone } of wasSealed) {
    if (!isPhone || !isSealedSecret(value) || !('masked' in value) || typeof plain !== 'string') continue;
    if (maskPhoneNumber(plain) !== value.masked && !issues.some((issue) => issue.field === field)) {
      issues.push({ field, rule: MASK_MISMATCH_RULE });
    }
  }
  return issues;
}
