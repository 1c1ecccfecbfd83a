import { z } from 'zod';
import { RESEND_COOL_DOWN_MS } from './box-rules';
import { BUSINESS_KEY_PATTERN } from './business-key';
import { OPTIONAL_CALLBACK_EVENTS } from './callback';
import { E164_PATTERN } from './e164';
import { CREATE_TIMEOUT_BOUNDS, parseDurationMs } from './durations';
import { EVIDENCE_ALERT_BOUNDS, EVIDENCE_WAIT_BOUNDS } from './evidence';
import { INPUT_LIMITS as MAX, MAX_INPUT_BYTES, encodedInputBytes } from './input-limits';
import { MASKED_PHONE_PATTERN, SEALED_SECRET_PATTERN } from './sealed-secrets';
import { freeTextProblem } from './free-text';
import { EMAIL_MESSAGE_TAGS, emailMessageHtmlProblem, hasHiddenCharacters } from './input-text-rules';
import { emailPattern, freeTextPattern } from './json-text-patterns';
import {
  INPUT_CROSS_FIELD_RULES,
  NOT_ROOT_FOLDER,
  PREFILL_TAG_CROSS_FIELD_RULES,
  SIGNER_CROSS_FIELD_RULES,
} from './sign-request-json-rules';
import {
  cacPivOrderIssues,
  methodTypeOf,
  verificationMethodSchema,
  verificationMethodSignerIssues,
} from './verification-method';

/**
 * The one sign-request input schema (strict): the TypeScript types (sign-request-input.ts), the validation of the
 * client, the CLI, the API and the workflow (behind a patch), and schemas/sign-request-input.schema.json come from
 * it. Every message names a rule, never the value: values may be phone numbers or passwords.
 */

const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const BOX_ID_PATTERN = /^\d+$/;
const URL_PATTERN = /^https?:\/\/\S+$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const BUSINESS_KEY_RULE =
  'must be 1–200 characters of letters, digits and . _ : - starting with a letter or digit (no /: it is one URL path segment)';
const MAX_DAYS_VALID = 730;
const DAY_MS = 86_400_000;

const ALWAYS = { when: () => true };
/** Published as the pattern of a string that must not be blank (the refinement checks it). */
const NOT_BLANK = '\\S';
const objectRule = (rule = 'must be an object') => ({
  error: (issue: { code: string }) => (issue.code === 'invalid_type' ? rule : undefined),
});
const atMost = (max: number) => ({ error: `must be at most ${max} characters` });

/** Free text a person reads: no control, bidirectional or invisible formatting characters (contracts/free-text.ts). */
function text(max: number, lines: 'single-line' | 'multi-line' = 'single-line') {
  return z
    .string({ error: 'must be a string' })
    .max(max, atMost(max))
    .superRefine((value, ctx) => {
      const problem = freeTextProblem(value, lines);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({ pattern: freeTextPattern(lines) });
}

function flag() {
  return z.boolean({ error: 'must be true or false' });
}

function wholeNumber(min: number, max: number, rule: string) {
  return z.number({ error: rule }).int({ error: rule }).min(min, { error: rule }).max(max, { error: rule });
}

function httpUrl() {
  const rule = 'must be an http(s) URL';
  return z.string({ error: rule }).max(MAX.url, atMost(MAX.url)).regex(URL_PATTERN, { error: rule });
}

function boxId(kind: 'file' | 'folder' | 'user') {
  const rule = `must be a Box ${kind} id (digits)`;
  return z
    .string({ error: rule })
    .max(MAX.boxId, { error: `must be at most ${MAX.boxId} digits` })
    .regex(BOX_ID_PATTERN, { error: rule });
}

const emailSchema = z
  .string({ error: 'must be a valid email address' })
  .max(MAX.email, atMost(MAX.email))
  .regex(EMAIL_PATTERN, { error: 'must be a valid email address' })
  .refine((email) => !hasHiddenCharacters(email), {
    error: 'must not contain control, invisible or bidirectional characters',
  })
  .meta({
    pattern: emailPattern(),
    description: 'The signer’s address; no control, zero-width or bidirectional characters. Unique (case-insensitive).',
  });

const plaintextPasswordSchema = z
  .string({ error: 'must be a non-empty string' })
  .min(1, { error: 'must be a non-empty string' })
  .max(MAX.password, atMost(MAX.password))
  .refine((password) => password === '' || password.trim() !== '', { error: 'must not be only whitespace' })
  .meta({ pattern: NOT_BLANK });

const SEALED_RULE = "must be bss1.<key id>.<ephemeral key>.<ciphertext>, as sealed with the workers' public key";
const sealedValue = z.string({ error: SEALED_RULE }).regex(SEALED_SECRET_PATTERN, { error: SEALED_RULE });

const sealedPasswordSchema = z
  .strictObject({ sealed: sealedValue }, objectRule())
  .meta({ id: 'SealedPassword', description: "A password sealed with the workers' public key" });

const passwordSchema = z
  .union([plaintextPasswordSchema, sealedPasswordSchema], {
    error: 'must be a non-empty string, or {sealed} as the starters seal it',
  })
  .meta({
    id: 'SignerPassword',
    description:
      'Given to the signer out of band; Box asks for it before the document opens. Not blank. Write-only. ' +
      "The client, the CLI and the API seal it with the workers' public key before it enters Temporal.",
  });

const PHONE_RULE = 'must be an E.164 phone number such as +15551232190';
const phoneSchema = z
  .union(
    [
      z.string({ error: PHONE_RULE }).regex(E164_PATTERN, { error: PHONE_RULE }),
      z
        .strictObject(
          {
            sealed: sealedValue,
            masked: z
              .string({ error: 'must be the masked number, e.g. +1•••••••90' })
              .regex(MASKED_PHONE_PATTERN, { error: 'must be the masked number, e.g. +1•••••••90' }),
          },
          objectRule(),
        )
        .meta({ id: 'SealedPhone', description: "A phone number sealed with the workers' public key, and its mask" }),
    ],
    { error: `${PHONE_RULE}, or {sealed, masked} as the starters seal it` },
  )
  .meta({
    id: 'SignerPhone',
    description:
      'E.164, e.g. +15551232190: the signer must enter an SMS code sent to this phone. Sealed like the password; ' +
      'operators see only the masked number.',
  });

const signerSchema = z
  .strictObject(
    {
      email: emailSchema,
      role: z
        .enum(['signer', 'approver', 'final_copy_reader'], { error: 'must be signer, approver or final_copy_reader' })
        .optional()
        .describe('Default signer. A final_copy_reader cannot have phone or password verification.'),
      order: wholeNumber(0, MAX.order, `must be a whole number from 0 to ${MAX.order}`)
        .optional()
        .describe(
          `Signing order: lowest first, equal numbers receive the request together. 0 to ${MAX.order} (Box states no ` +
            'upper bound; 35 signers need no more, gaps included).',
        ),
      verificationPhoneNumber: phoneSchema.optional(),
      verificationMethod: verificationMethodSchema(phoneSchema).optional(),
      password: passwordSchema.optional(),
      isInPerson: flag().optional(),
      embedUrlExternalUserId: text(MAX.embedUrlExternalUserId).optional(),
      redirectUrl: httpUrl().optional(),
      declinedRedirectUrl: httpUrl().optional(),
      loginRequired: flag().optional().describe('Cannot be combined with verificationPhoneNumber.'),
      signerGroupId: text(MAX.signerGroupId).optional(),
      suppressNotifications: flag().optional(),
      language: text(MAX.language).optional().describe('Box’s modified ISO 639-1 code, e.g. en.'),
    },
    objectRule(),
  )
  .superRefine((signer, ctx) => {
    if (!isObject(signer)) return;
    const verified = signer.verificationPhoneNumber !== undefined || signer.password !== undefined;
    if (signer.role === 'final_copy_reader' && verified) {
      ctx.addIssue({
        code: 'custom',
        path: ['role'],
        message: 'final_copy_reader cannot have phone or password verification: it never signs',
      });
    }
    if (signer.verificationPhoneNumber !== undefined && signer.loginRequired === true) {
      ctx.addIssue({
        code: 'custom',
        path: ['loginRequired'],
        message: 'cannot be combined with verificationPhoneNumber',
      });
    }
    for (const issue of verificationMethodSignerIssues(signer)) ctx.addIssue({ code: 'custom', ...issue });
  }, ALWAYS)
  .meta({ id: 'Signer', ...SIGNER_CROSS_FIELD_RULES });

export const signersSchema = z
  .array(signerSchema, { error: `must list 1 to ${MAX.signers} signers` })
  .min(1, { error: `must list 1 to ${MAX.signers} signers` })
  .max(MAX.signers, { error: `must list 1 to ${MAX.signers} signers` })
  .describe('Who signs, approves or receives the final copy; each email at most once (case-insensitive).')
  .superRefine((signers, ctx) => {
    if (!Array.isArray(signers)) return;
    const seen = new Set<string>();
    signers.forEach((signer: unknown, i) => {
      const email = isObject(signer) ? signer.email : undefined;
      if (typeof email !== 'string') return;
      const normalized = email.toLowerCase();
      if (seen.has(normalized)) {
        ctx.addIssue({ code: 'custom', path: [i, 'email'], message: 'must not repeat another signer’s email' });
      }
      seen.add(normalized);
    });
    for (const issue of cacPivOrderIssues(signers)) ctx.addIssue({ code: 'custom', ...issue });
  }, ALWAYS);

const prefillTagSchema = z
  .strictObject(
    {
      documentTagId: text(MAX.documentTagId)
        .min(1, { error: 'must be a non-empty string' })
        .meta({ pattern: freeTextPattern('single-line') }),
      textValue: text(MAX.prefillText, 'multi-line').optional(),
      checkboxValue: flag().optional(),
      dateValue: z
        .string({ error: 'must be a date as YYYY-MM-DD' })
        .regex(DATE, { error: 'must be a date as YYYY-MM-DD' })
        .optional(),
    },
    objectRule(),
  )
  .superRefine((tag, ctx) => {
    if (!isObject(tag)) return;
    const values = [tag.textValue, tag.checkboxValue, tag.dateValue].filter((v) => v !== undefined);
    if (values.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'must have exactly one of textValue, checkboxValue, dateValue',
      });
    }
  }, ALWAYS)
  .meta({
    id: 'PrefillTag',
    description: 'One value per tag: exactly one of textValue, checkboxValue, dateValue.',
    ...PREFILL_TAG_CROSS_FIELD_RULES,
  });

const intervalMs = () =>
  wholeNumber(100, DAY_MS, 'must be a whole number of milliseconds from 100 to 86400000').optional();

const pollingSchema = z
  .strictObject(
    {
      initialIntervalMs: intervalMs().describe('First check after creation or after a change.'),
      backoffCoefficient: z
        .number({ error: 'must be a number, 1 or more' })
        .min(1, { error: 'must be a number, 1 or more' })
        .optional()
        .describe('Each unchanged check multiplies the wait by this.'),
      maximumIntervalMs: intervalMs().describe('The wait never grows past this.'),
    },
    objectRule(),
  )
  .meta({
    id: 'PollingPolicy',
    description: 'How the workflow polls Box while nothing changes. Durations are milliseconds.',
  });

const CREATE_TIMEOUT_RULE = 'must be a duration such as 90s, 15m, 2h or 3d, from 10 seconds to 30 days';

const createTimeoutSchema = z
  .string({ error: CREATE_TIMEOUT_RULE })
  .max(MAX.createTimeout, { error: CREATE_TIMEOUT_RULE })
  .refine(
    (text) => {
      const ms = parseDurationMs(text);
      return ms !== null && ms >= CREATE_TIMEOUT_BOUNDS.minMs && ms <= CREATE_TIMEOUT_BOUNDS.maxMs;
    },
    { error: CREATE_TIMEOUT_RULE },
  )
  .describe(
    'Give up a create Box keeps failing after this long (e.g. 30m): the workflow looks for a request it may have ' +
      'created, cancels it on Box, and fails with BoxCreateAbandoned. Absent = retry for as long as it takes.',
  );

const EVIDENCE_WAIT_RULE = 'must be a duration such as 30s, 2m or 1h, from 1 second to 1 hour';
const EVIDENCE_ALERT_RULE = 'must be a duration such as 30m, 1h or 2d, from 1 minute to 7 days';

function boundedDuration(rule: string, bounds: { minMs: number; maxMs: number }) {
  return z
    .string({ error: rule })
    .max(MAX.createTimeout, { error: rule })
    .refine(
      (text) => {
        const ms = parseDurationMs(text);
        return ms !== null && ms >= bounds.minMs && ms <= bounds.maxMs;
      },
      { error: rule },
    );
}

const evidenceSchema = z
  .strictObject(
    {
      wait: boundedDuration(EVIDENCE_WAIT_RULE, EVIDENCE_WAIT_BOUNDS)
        .optional()
        .describe(
          'How long the outcome callback waits for the evidence (signed copies and signing log hashed), default 2m; ' +
            'past it the outcome goes without documents and sign_request.documents_ready follows.',
        ),
      alertAfter: boundedDuration(EVIDENCE_ALERT_RULE, EVIDENCE_ALERT_BOUNDS)
        .optional()
        .describe(
          'Evidence still missing this long after the outcome raises the BoxSignEvidenceOverdue alert; default 1h.',
        ),
    },
    objectRule(),
  )
  .meta({
    id: 'EvidenceOptions',
    description: 'Evidence out: how long the outcome waits for the documents, and when missing ones raise an alert.',
  });

const AFTER_DAYS_RULE =
  'must be a number of days from 10 minutes (0.007) to 365: Box refuses resends within 10 minutes';

const reminderPolicySchema = z
  .strictObject(
    {
      afterDays: z
        .number({ error: AFTER_DAYS_RULE })
        .min(RESEND_COOL_DOWN_MS / DAY_MS, { error: AFTER_DAYS_RULE })
        .max(365, { error: AFTER_DAYS_RULE })
        .describe('Days without a send or a signer decision before a reminder goes out (at least 10 minutes).'),
      maxReminders: wholeNumber(1, 50, 'must be a whole number from 1 to 50'),
    },
    objectRule(),
  )
  .meta({
    id: 'ReminderPolicy',
    description: 'Our own reminders on top of Box’s: resend to outstanding signers after a quiet period.',
  });

export const callbackSchema = z
  .strictObject(
    {
      url: httpUrl().describe('https on a public host (the API checks the host policy); at most 2048 characters.'),
      events: z
        .array(
          z
            .enum(OPTIONAL_CALLBACK_EVENTS, { error: `must be ${OPTIONAL_CALLBACK_EVENTS.join(' or ')}` })
            .meta({ id: 'CallbackEvent', description: 'An event sent besides the outcome' }),
          {
            error: 'must be a list',
          },
        )
        .max(OPTIONAL_CALLBACK_EVENTS.length, { error: 'must not repeat an event' })
        .superRefine((events, ctx) => {
          events.forEach((event, i) => {
            if (events.indexOf(event) !== i)
              ctx.addIssue({ code: 'custom', path: [i], message: 'must not repeat an event' });
          });
        })
        .meta({ uniqueItems: true })
        .optional()
        .describe('Extra events besides the outcome, each at most once.'),
    },
    objectRule(),
  )
  .meta({
    id: 'Callback',
    description: 'Where to POST the outcome (and, if asked, signer decisions), signed per Standard Webhooks.',
  });

const DOCUMENTS_RULE = `must list 1 to ${MAX.sourceFiles} files (or give templateId)`;

const SOURCE_FILE_SCHEMA = z
  .strictObject({ id: boxId('file') }, objectRule())
  .meta({ id: 'SourceFile', description: 'A Box file to sign' });

const PARENT_FOLDER_SCHEMA = z
  .strictObject(
    {
      id: boxId('folder')
        .refine((id) => id !== '0', { error: 'must not be 0: Box does not allow the root folder' })
        .meta(NOT_ROOT_FOLDER),
    },
    objectRule('must be an object with the Box folder id, e.g. { "id": "987654321" }'),
  )
  .meta({
    id: 'ParentFolder',
    description: 'Where Box puts the signed PDF and the signing log; not the root folder 0.',
  });

const SENDER_SCHEMA = z
  .strictObject(
    { boxUserId: boxId('user').describe('The Box user id (digits) the request is sent as (`as-user`).') },
    objectRule('must be an object with the Box user id, e.g. { "boxUserId": "20001" }'),
  )
  .meta({
    id: 'Sender',
    description:
      'Who sends the request on Box: it owns it, Box e-mails signers in its name, and its own Box quota ' +
      'applies. Must be an allowed sender of the deployment (and of the API client); absent = the ' +
      'deployment’s default sender.',
  });
const DEADLINE_RULE = 'must be an ISO 8601 date-time with a time zone, e.g. 2026-12-31T17:00:00Z';

export interface SignRequestSchemaOptions {
  /** The time a `deadline` must be after, read at each parse (default: Date.now, the workflow's time in workflows). */
  now?: () => number;
}

/** The strict schema; `now` decides when a deadline counts as passed. Prefer `signRequestInputSchema`. */
export function createSignRequestInputSchema({ now = () => Date.now() }: SignRequestSchemaOptions = {}) {
  const deadlineSchema = z
    .string({ error: DEADLINE_RULE })
    .max(MAX.deadline, atMost(MAX.deadline))
    .regex(ISO_DATE_TIME, { error: DEADLINE_RULE })
    .refine((deadline) => !isNaN(Date.parse(deadline)), { error: DEADLINE_RULE })
    .refine((deadline) => isNaN(Date.parse(deadline)) || Date.parse(deadline) > now(), {
      error: 'has already passed: it must be in the future when the request is started',
    })
    .describe('ISO 8601 time with a zone, in the future; if still open then, the request is cancelled on Box.');

  return z
    .strictObject(
      {
        businessKey: z
          .string({ error: BUSINESS_KEY_RULE })
          .regex(BUSINESS_KEY_PATTERN, { error: BUSINESS_KEY_RULE })
          .describe(
            'The caller’s identity for this request (order id…): the workflow id derives from it. 1–200 letters, ' +
              'digits and . _ : -, starting with a letter or digit; no / (the API addresses requests by it).',
          ),
        signers: signersSchema,
        sourceFiles: z
          .array(SOURCE_FILE_SCHEMA, { error: DOCUMENTS_RULE })
          .min(1, { error: DOCUMENTS_RULE })
          .max(MAX.sourceFiles, { error: DOCUMENTS_RULE })
          .optional()
          .describe('The documents to sign; omit when templateId is given (exactly one of the two).'),
        templateId: z
          .string({ error: 'must be a non-empty string' })
          .max(MAX.templateId, atMost(MAX.templateId))
          .refine((id) => id.trim() !== '', { error: 'must be a non-empty string' })
          .meta({ pattern: NOT_BLANK })
          .optional()
          .describe('A Box Sign template instead of sourceFiles.'),
        parentFolder: PARENT_FOLDER_SCHEMA,
        name: text(MAX.name).optional().describe('The request’s name; Box shows it with .pdf appended.'),
        emailSubject: text(MAX.emailSubject).optional().describe('Box uses a default when omitted.'),
        emailMessage: text(MAX.emailMessage, 'multi-line')
          .superRefine((message, ctx) => {
            const problem = emailMessageHtmlProblem(message);
            if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
          })
          .meta({ pattern: freeTextPattern('multi-line') })
          .optional()
          .describe(`HTML limited to the tags Box allows (${EMAIL_MESSAGE_TAGS.join(', ')}), no styles.`),
        daysValid: wholeNumber(0, MAX_DAYS_VALID, `must be a whole number from 0 to ${MAX_DAYS_VALID}`)
          .optional()
          .describe('Days until Box expires the request; absent = never.'),
        areRemindersEnabled: flag().optional(),
        areTextSignaturesEnabled: flag().optional(),
        isDocumentPreparationNeeded: flag().optional(),
        isPhoneVerificationRequiredToView: flag()
          .optional()
          .describe('The SMS code is asked before viewing; needs a signer verified by phone.'),
        redirectUrl: httpUrl().optional(),
        declinedRedirectUrl: httpUrl().optional(),
        externalSystemName: text(MAX.externalSystemName)
          .optional()
          .describe('Shown in the signing log next to signers with embedUrlExternalUserId.'),
        signatureColor: z.enum(['blue', 'black', 'red'], { error: 'must be blue, black or red' }).optional(),
        prefillTags: z
          .array(prefillTagSchema, { error: 'must be a list' })
          .max(MAX.prefillTags, { error: `must list at most ${MAX.prefillTags} tags` })
          .optional()
          .describe('Values filled into the documents’ tags before sending.'),
        polling: pollingSchema.optional(),
        deadline: deadlineSchema.optional(),
        reminderPolicy: reminderPolicySchema.optional(),
        maxHistoryEventsPerRun: wholeNumber(50, 50_000, 'must be a whole number from 50 to 50000')
          .optional()
          .describe('Continue-as-new once a run’s history reaches this many events (default 2000).'),
        callback: callbackSchema.optional(),
        createTimeout: createTimeoutSchema.optional(),
        evidence: evidenceSchema.optional(),
        sender: SENDER_SCHEMA.optional(),
      },
      objectRule(),
    )
    .superRefine((input, ctx) => {
      if (!isObject(input)) return;
      const request: Record<string, unknown> = input;
      if (request.sourceFiles !== undefined && request.templateId !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['sourceFiles'], message: 'must be omitted when templateId is given' });
      } else if (request.sourceFiles === undefined && request.templateId === undefined) {
        ctx.addIssue({ code: 'custom', path: ['sourceFiles'], message: DOCUMENTS_RULE });
      }
      if (request.isPhoneVerificationRequiredToView === true && !hasPhoneVerifiedSigner(request.signers)) {
        ctx.addIssue({
          code: 'custom',
          path: ['isPhoneVerificationRequiredToView'],
          message: 'needs at least one signer with verificationPhoneNumber or verificationMethod {type: "phone"}',
        });
      }
      const bytes = encodedInputBytes(input);
      if (bytes > MAX_INPUT_BYTES) ctx.addIssue({ code: 'custom', path: [], message: sizeRule(bytes) });
    }, ALWAYS)
    .meta({
      title: 'SignRequestInput',
      ...INPUT_CROSS_FIELD_RULES,
      description:
        'A verified Box Sign request: Box’s create body in camelCase plus a businessKey. Exactly one of sourceFiles ' +
        `and templateId. Encoded as JSON (UTF-8) it must not exceed ${MAX_INPUT_BYTES} bytes.`,
    });
}

export function sizeRule(bytes: number): string {
  return `is ${bytes} bytes as JSON, over the limit of ${MAX_INPUT_BYTES} bytes (Temporal refuses payloads over 2 MiB)`;
}

/** The strict schema, a plain zod object (usable by fastify-type-provider-zod); deadlines are checked at parse time. */
export const signRequestInputSchema = createSignRequestInputSchema();

function hasPhoneVerifiedSigner(signers: unknown): boolean {
  return (
    Array.isArray(signers) &&
    signers.some((s) => isObject(s) && (s.verificationPhoneNumber !== undefined || methodTypeOf(s) === 'phone'))
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
