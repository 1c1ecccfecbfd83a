import type { z } from 'zod';
import type { signRequestInputSchema } from './sign-request-schema';

/**
 * What a business system asks for: Box's create body in the camelCase of Box's TypeScript SDK, plus a business key
 * that identifies the request for its whole life. The types come from the one schema (sign-request-schema.ts), which
 * documents each field; this module keeps what the schema cannot say: defaults and helpers.
 */

export type SignRequestInput = z.infer<typeof signRequestInputSchema>;
export type SignerInput = SignRequestInput['signers'][number];
export type SignerRole = NonNullable<SignerInput['role']>;
export type PrefillTagInput = NonNullable<SignRequestInput['prefillTags']>[number];
/** How the workflow polls Box while nothing changes, every field resolved. Durations are milliseconds. */
export type PollingPolicy = Required<{ [K in keyof PollingInput]: NonNullable<PollingInput[K]> }>;
/** Our own reminders on top of Box's: resend to outstanding signers after a quiet period, up to a number of times. */
export type ReminderPolicy = NonNullable<SignRequestInput['reminderPolicy']>;
type PollingInput = NonNullable<SignRequestInput['polling']>;

export const DEFAULT_POLLING_POLICY: PollingPolicy = {
  initialIntervalMs: 5_000,
  backoffCoefficient: 1.5,
  maximumIntervalMs: 10 * 60_000,
};

export const DEFAULT_MAX_HISTORY_EVENTS_PER_RUN = 2_000;

export type SignerVerificationKind = 'phone' | 'cac_piv' | 'login' | 'password' | 'none';

/**
 * Which verification a signer must pass, one word for summaries and the SignerVerification search attribute: its
 * method (a password beside it is not named), else its password, else none. Legacy `loginRequired` is not named
 * (it never was: requests started before methods existed keep their attribute).
 */
export function signerVerification(signer: SignerInput): SignerVerificationKind {
  if (signer.verificationPhoneNumber !== undefined) return 'phone';
  // Also counted before validation (workflows/request-metrics.ts): the method may be anything there.
  const method: unknown = signer.verificationMethod;
  const type = typeof method === 'object' && method !== null ? (method as { type?: unknown }).type : undefined;
  if (type === 'phone' || type === 'login' || type === 'cac_piv') return type;
  if (signer.password !== undefined) return 'password';
  return 'none';
}

export function resolvePollingPolicy(polling: SignRequestInput['polling']): PollingPolicy {
  return { ...DEFAULT_POLLING_POLICY, ...polling };
}

/** A signer as the worker sends it to Box: its password and phone number unsealed (encryption/seal-input.ts). */
export type PlaintextSignerInput = Omit<SignerInput, 'password' | 'verificationPhoneNumber' | 'verificationMethod'> & {
  password?: string;
  verificationPhoneNumber?: string;
  verificationMethod?: PlaintextVerificationMethod;
};

export type PlaintextVerificationMethod =
  { type: 'phone'; phoneNumber: string } | { type: 'login' } | { type: 'cac_piv' };

export type PlaintextSignRequestInput = Omit<SignRequestInput, 'signers'> & { signers: PlaintextSignerInput[] };
