import { z } from 'zod';

/**
 * Box's `verification_method` on a signer (box-sign-api.md §1.5), as the input's `verificationMethod`: an SMS code
 * to a phone, a Box login, or a CAC/PIV smart card. A password may go alongside any of them. Box lets the method win
 * over the legacy `verificationPhoneNumber` / `loginRequired` of the same signer and ignores those silently; we
 * refuse the pair instead, so what a signer must pass is never a guess.
 */

export const VERIFICATION_METHOD_TYPES = ['phone', 'login', 'cac_piv'] as const;
export type VerificationMethodType = (typeof VERIFICATION_METHOD_TYPES)[number];

const METHOD_RULE = 'must be {type: "phone", phoneNumber}, {type: "login"} or {type: "cac_piv"}';
const objectError = { error: (issue: { code: string }) => (issue.code === 'invalid_type' ? METHOD_RULE : undefined) };

/**
 * The schema, given the phone schema of the input (E.164, or sealed and masked) so both phones follow one rule. Its
 * names are for the published documents: call it once (the input schema does).
 */
export function verificationMethodSchema<Phone extends z.ZodType>(phone: Phone) {
  return z
    .discriminatedUnion(
      'type',
      [
        z
          .strictObject({ type: z.literal('phone'), phoneNumber: phone }, objectError)
          .meta({ id: 'PhoneVerificationMethod', description: 'An SMS code to phoneNumber' }),
        z
          .strictObject({ type: z.literal('login') }, objectError)
          .meta({ id: 'LoginVerificationMethod', description: 'A Box login' }),
        z
          .strictObject({ type: z.literal('cac_piv') }, objectError)
          .meta({ id: 'CacPivVerificationMethod', description: 'A CAC/PIV smart card' }),
      ],
      { error: METHOD_RULE },
    )
    .meta({
      id: 'VerificationMethod',
      description:
        'How the signer proves who they are (Box’s verification_method): phone (an SMS code to phoneNumber, E.164, ' +
        'sealed like verificationPhoneNumber), login (a Box account) or cac_piv (a CAC/PIV smart card: needs the ' +
        'enterprise’s CAC/PIV permission, and an order on every signer when there are several). A password may ' +
        'be added. Not with verificationPhoneNumber or loginRequired on the same signer.',
    });
}

interface Issue {
  path: (string | number)[];
  message: string;
}

/** One signer's rules about its method: no legacy field beside it, nothing to verify for a final_copy_reader. */
export function verificationMethodSignerIssues(signer: Record<string, unknown>): Issue[] {
  if (signer.verificationMethod === undefined) return [];
  const issues: Issue[] = [];
  if (signer.verificationPhoneNumber !== undefined) {
    issues.push({
      path: ['verificationMethod'],
      message:
        'cannot be combined with verificationPhoneNumber (Box would ignore the legacy field): give the phone as ' +
        '{type: "phone", phoneNumber}',
    });
  }
  if (signer.loginRequired !== undefined) {
    issues.push({
      path: ['verificationMethod'],
      message: 'cannot be combined with loginRequired (Box would ignore the legacy field): use {type: "login"}',
    });
  }
  if (signer.role === 'final_copy_reader') {
    issues.push({ path: ['verificationMethod'], message: 'is not allowed for a final_copy_reader: it never signs' });
  }
  return issues;
}

/** Box's rule: with several signers, a CAC/PIV signer needs a signing order, so every signer gives one (paths in the list). */
export function cacPivOrderIssues(signers: unknown): Issue[] {
  if (!Array.isArray(signers) || signers.length < 2) return [];
  const records = signers.map((s: unknown) =>
    typeof s === 'object' && s !== null ? (s as Record<string, unknown>) : {},
  );
  if (!records.some((s) => methodTypeOf(s) === 'cac_piv')) return [];
  return records.flatMap((signer, i) =>
    signer.order === undefined
      ? [
          {
            path: [i, 'order'],
            message:
              'is required on every signer when one uses cac_piv verification and there are several (Box needs a signing order)',
          },
        ]
      : [],
  );
}

/** The method's type of a signer (any shape), or undefined. */
export function methodTypeOf(signer: unknown): VerificationMethodType | undefined {
  if (typeof signer !== 'object' || signer === null) return undefined;
  const method = (signer as { verificationMethod?: unknown }).verificationMethod;
  if (typeof method !== 'object' || method === null) return undefined;
  const type = (method as { type?: unknown }).type;
  return (VERIFICATION_METHOD_TYPES as readonly unknown[]).includes(type)
    ? (type as VerificationMethodType)
    : undefined;
}
