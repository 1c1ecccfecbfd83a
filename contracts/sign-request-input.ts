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

export type SignerVerificationKind = 'phone' | 'password' | 'none';

/** Which verification a signer must pass; a signer with both is reported as phone (the stronger factor) in summaries. */
export function signerVerification(signer: SignerInput): SignerVerificationKind {
  if (signer.verificationPhoneNumber !== undefined) return 'phone';
  if (signer.password !== undefined) return 'password';
  return 'none';
}

export function resolvePollingPolicy(polling: SignRequestInput['polling']): PollingPolicy {
  return { ...DEFAULT_POLLING_POLICY, ...polling };
}

/** A signer as the worker sends it to Box: its password and phone number unsealed (encryption/seal-input.ts). */
export type PlaintextSignerInput = Omit<SignerInput, 'password' | 'verificationPhoneNumber'> & {
  password?: string;
  verificationPhoneNumber?: string;
};

export type PlaintextSignRequestInput = Omit<SignRequestInput, 'signers'> & { signers: PlaintextSignerInput[] };
