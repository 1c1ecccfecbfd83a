import type { CallbackInput } from './callback';

/**
 * What a business system asks for: Box's create body in the camelCase of Box's TypeScript SDK,
 * plus a business key that identifies the request for its whole life.
 */

export type SignerRole = 'signer' | 'approver' | 'final_copy_reader';

export interface SignerInput {
  email: string;
  role?: SignerRole;
  /** Signing order: lowest first, equal numbers receive the request together. */
  order?: number;
  /** E.164, e.g. +15551232190: the signer must enter an SMS code sent to this phone. */
  verificationPhoneNumber?: string;
  /** Given to the signer out of band; Box asks for it before the document opens. Write-only on Box. */
  password?: string;
  isInPerson?: boolean;
  embedUrlExternalUserId?: string;
  redirectUrl?: string;
  declinedRedirectUrl?: string;
  loginRequired?: boolean;
  signerGroupId?: string;
  suppressNotifications?: boolean;
  language?: string;
}

export interface PrefillTagInput {
  documentTagId: string;
  textValue?: string;
  checkboxValue?: boolean;
  dateValue?: string;
}

/** How the workflow polls Box while nothing changes. Durations are milliseconds. */
export interface PollingPolicy {
  /** First check after creation or after a change. */
  initialIntervalMs: number;
  /** Each unchanged check multiplies the wait by this. */
  backoffCoefficient: number;
  /** The wait never grows past this. */
  maximumIntervalMs: number;
}

export const DEFAULT_POLLING_POLICY: PollingPolicy = {
  initialIntervalMs: 5_000,
  backoffCoefficient: 1.5,
  maximumIntervalMs: 10 * 60_000,
};

/** Our own reminders on top of Box's: resend to outstanding signers after a quiet period, up to a number of times. */
export interface ReminderPolicy {
  /** Days without a send or a signer decision before a reminder goes out (fractions allowed, at least 10 minutes). */
  afterDays: number;
  maxReminders: number;
}

export interface SignRequestInput {
  /** The caller's identity for this request (order id, contract number…): the workflow id derives from it. */
  businessKey: string;
  signers: SignerInput[];
  sourceFiles?: { id: string }[];
  templateId?: string;
  parentFolder: { id: string };
  name?: string;
  emailSubject?: string;
  emailMessage?: string;
  /** 0–730 days until Box expires the request; absent = never. */
  daysValid?: number;
  areRemindersEnabled?: boolean;
  areTextSignaturesEnabled?: boolean;
  isDocumentPreparationNeeded?: boolean;
  /** Legacy Box flag (removed from the spec, still in Box's guide): the SMS code is asked before viewing. */
  isPhoneVerificationRequiredToView?: boolean;
  redirectUrl?: string;
  declinedRedirectUrl?: string;
  externalSystemName?: string;
  signatureColor?: 'blue' | 'black' | 'red';
  prefillTags?: PrefillTagInput[];
  polling?: Partial<PollingPolicy>;
  /** ISO 8601 time; if the request is still open then, it is cancelled on Box (besides Box's own daysValid). */
  deadline?: string;
  reminderPolicy?: ReminderPolicy;
  /** Continue-as-new once a run's history reaches this many events (or when Temporal suggests it). */
  maxHistoryEventsPerRun?: number;
  /** Where to POST the outcome (and, if asked, signer decisions), signed per Standard Webhooks. */
  callback?: CallbackInput;
}

export const DEFAULT_MAX_HISTORY_EVENTS_PER_RUN = 2_000;

export type SignerVerificationKind = 'phone' | 'password' | 'none';

/** Which verification a signer must pass; a signer with both is reported as phone (the stronger factor) in summaries. */
export function signerVerification(signer: SignerInput): SignerVerificationKind {
  if (signer.verificationPhoneNumber !== undefined) return 'phone';
  if (signer.password !== undefined) return 'password';
  return 'none';
}

export function resolvePollingPolicy(polling: Partial<PollingPolicy> | undefined): PollingPolicy {
  return { ...DEFAULT_POLLING_POLICY, ...polling };
}
