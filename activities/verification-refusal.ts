import { ApplicationFailure } from '@temporalio/common';
import { BoxApiError } from '../box/errors';
import type { SignRequestInput } from '../contracts';
import { ErrorType } from '../contracts';
import { methodTypeOf } from '../contracts/verification-method';

/**
 * Box's refusal of a create whose signer asks for CAC/PIV while the enterprise lacks the permission, as a failure
 * that says so. Box does not document the answer (box-sign-api.md §1.5): a 403, or a 400 that names cac/piv, on an
 * input with a cac_piv signer is read as this refusal. Anything else is returned unchanged.
 */
export function verificationRefusal(err: unknown, input: SignRequestInput): unknown {
  if (!(err instanceof BoxApiError) || (err.status !== 403 && err.status !== 400)) return err;
  const index = input.signers.findIndex((signer) => methodTypeOf(signer) === 'cac_piv');
  if (index === -1) return err;
  if (err.status === 400 && !/cac|piv/i.test(`${err.code} ${err.message}`)) return err;
  return ApplicationFailure.create({
    type: ErrorType.VerificationMethodNotPermitted,
    message:
      `Box refused signers[${index}].verificationMethod cac_piv: the enterprise does not have the CAC/PIV ` +
      `permission (a Box admin must enable it), or Box does not allow it for this request. Box answered ` +
      `${err.status} ${err.code}.`,
    details: [{ status: err.status, code: err.code, requestId: err.requestId ?? null }],
    nonRetryable: true,
  });
}
