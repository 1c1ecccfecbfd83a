import { RESEND_COOL_DOWN_MS } from './box-rules';
import type { ValidationIssue } from './errors';
import type { PrefillTagInput, SignerInput, SignRequestInput } from './sign-request-input';
import { E164_PATTERN } from './e164';

/**
 * FROZEN: the rules workflows started before the `strict-input-schema` patch validated with (see
 * workflows/sign-request-workflow.ts). Replaying such a run must reach the same verdict, so this file never changes;
 * it goes away when the patch is retired. Everything else validates with the schema (validation.ts).
 */

const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const BOX_ID_PATTERN = /^\d+$/;
const URL_PATTERN = /^https?:\/\/\S+$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const BUSINESS_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$/;
const ROLES = ['signer', 'approver', 'final_copy_reader'];
const MAX_SIGNERS = 35;
const MAX_SOURCE_FILES = 10;
const MAX_DAYS_VALID = 730;

type Check = (field: string, rule: string) => void;

export function validateSignRequestInputLegacy(input: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const fail: Check = (field, rule) => issues.push({ field, rule });
  if (!isObject(input)) {
    fail('input', 'must be an object');
    return issues;
  }
  const request = input as Partial<SignRequestInput>;
  if (typeof request.businessKey !== 'string' || !BUSINESS_KEY_PATTERN.test(request.businessKey)) {
    fail('businessKey', 'must be 1–200 characters of letters, digits and . _ : / - starting with a letter or digit');
  }
  validateDocuments(request, fail);
  validateSigners(request.signers, fail);
  if (request.isPhoneVerificationRequiredToView === true && !hasPhoneVerifiedSigner(request.signers)) {
    fail('isPhoneVerificationRequiredToView', 'needs at least one signer with verificationPhoneNumber');
  }
  if (request.daysValid !== undefined && !isIntegerIn(request.daysValid, 0, MAX_DAYS_VALID)) {
    fail('daysValid', `must be a whole number from 0 to ${MAX_DAYS_VALID}`);
  }
  for (const key of ['redirectUrl', 'declinedRedirectUrl'] as const) {
    checkOptionalUrl(request[key], key, fail);
  }
  for (const key of ['name', 'emailSubject', 'emailMessage', 'externalSystemName'] as const) {
    if (request[key] !== undefined && typeof request[key] !== 'string') fail(key, 'must be a string');
  }
  if (request.signatureColor !== undefined && !['blue', 'black', 'red'].includes(request.signatureColor)) {
    fail('signatureColor', 'must be blue, black or red');
  }
  validatePrefillTags(request.prefillTags, fail);
  validatePolling(request.polling, fail);
  validateSteering(request, fail);
  return issues;
}

function validateSteering(request: Partial<SignRequestInput>, fail: Check): void {
  const { deadline, reminderPolicy, maxHistoryEventsPerRun } = request;
  if (
    deadline !== undefined &&
    (typeof deadline !== 'string' || !ISO_DATE_TIME.test(deadline) || isNaN(Date.parse(deadline)))
  ) {
    fail('deadline', 'must be an ISO 8601 date-time with a time zone, e.g. 2026-12-31T17:00:00Z');
  }
  if (reminderPolicy !== undefined) {
    if (!isObject(reminderPolicy)) {
      fail('reminderPolicy', 'must be an object');
    } else {
      const { afterDays, maxReminders } = reminderPolicy;
      if (typeof afterDays !== 'number' || !(afterDays * 86_400_000 >= RESEND_COOL_DOWN_MS) || afterDays > 365) {
        fail(
          'reminderPolicy.afterDays',
          'must be a number of days from 10 minutes (0.007) to 365: Box refuses resends within 10 minutes',
        );
      }
      if (!isIntegerIn(maxReminders, 1, 50)) fail('reminderPolicy.maxReminders', 'must be a whole number from 1 to 50');
    }
  }
  if (maxHistoryEventsPerRun !== undefined && !isIntegerIn(maxHistoryEventsPerRun, 50, 50_000)) {
    fail('maxHistoryEventsPerRun', 'must be a whole number from 50 to 50000');
  }
}

function validateDocuments(request: Partial<SignRequestInput>, fail: Check): void {
  const { sourceFiles, templateId, parentFolder } = request;
  if (sourceFiles !== undefined && templateId !== undefined) {
    fail('sourceFiles', 'must be omitted when templateId is given');
  } else if (templateId !== undefined) {
    if (typeof templateId !== 'string' || templateId.trim() === '') fail('templateId', 'must be a non-empty string');
  } else if (!Array.isArray(sourceFiles) || sourceFiles.length < 1 || sourceFiles.length > MAX_SOURCE_FILES) {
    fail('sourceFiles', `must list 1 to ${MAX_SOURCE_FILES} files (or give templateId)`);
  } else {
    sourceFiles.forEach((file, i) => {
      if (!isObject(file) || !isBoxId(file.id)) fail(`sourceFiles[${i}].id`, 'must be a Box file id (digits)');
    });
  }
  if (!isObject(parentFolder) || !isBoxId(parentFolder.id)) {
    fail('parentFolder.id', 'must be a Box folder id (digits)');
  } else if (parentFolder.id === '0') {
    fail('parentFolder.id', 'must not be 0: Box does not allow the root folder');
  }
}

function validateSigners(signers: unknown, fail: Check): void {
  if (!Array.isArray(signers) || signers.length < 1 || signers.length > MAX_SIGNERS) {
    fail('signers', `must list 1 to ${MAX_SIGNERS} signers`);
    return;
  }
  const seen = new Set<string>();
  signers.forEach((signer: unknown, i) => {
    const at = `signers[${i}]`;
    if (!isObject(signer)) {
      fail(at, 'must be an object');
      return;
    }
    validateSigner(signer, at, fail);
    const email = (signer as Partial<SignerInput>).email;
    if (typeof email === 'string') {
      const normalized = email.toLowerCase();
      if (seen.has(normalized)) fail(`${at}.email`, 'must not repeat another signer’s email');
      seen.add(normalized);
    }
  });
}

function validateSigner(signer: Partial<SignerInput>, at: string, fail: Check): void {
  if (typeof signer.email !== 'string' || !EMAIL_PATTERN.test(signer.email)) {
    fail(`${at}.email`, 'must be a valid email address');
  }
  if (signer.role !== undefined && !ROLES.includes(signer.role)) {
    fail(`${at}.role`, 'must be signer, approver or final_copy_reader');
  }
  if (signer.order !== undefined && !isIntegerIn(signer.order, 0, Number.MAX_SAFE_INTEGER)) {
    fail(`${at}.order`, 'must be a whole number, 0 or more');
  }
  if (signer.verificationPhoneNumber !== undefined) {
    if (typeof signer.verificationPhoneNumber !== 'string' || !E164_PATTERN.test(signer.verificationPhoneNumber)) {
      fail(`${at}.verificationPhoneNumber`, 'must be an E.164 phone number such as +15551232190');
    }
  }
  if (signer.password !== undefined && (typeof signer.password !== 'string' || signer.password.length === 0)) {
    fail(`${at}.password`, 'must be a non-empty string');
  }
  const verified = signer.verificationPhoneNumber !== undefined || signer.password !== undefined;
  if (signer.role === 'final_copy_reader' && verified) {
    fail(`${at}.role`, 'final_copy_reader cannot have phone or password verification: it never signs');
  }
  if (signer.verificationPhoneNumber !== undefined && signer.loginRequired === true) {
    fail(`${at}.loginRequired`, 'cannot be combined with verificationPhoneNumber');
  }
  checkOptionalUrl(signer.redirectUrl, `${at}.redirectUrl`, fail);
  checkOptionalUrl(signer.declinedRedirectUrl, `${at}.declinedRedirectUrl`, fail);
}

function validatePrefillTags(tags: PrefillTagInput[] | undefined, fail: Check): void {
  if (tags === undefined) return;
  if (!Array.isArray(tags)) {
    fail('prefillTags', 'must be a list');
    return;
  }
  tags.forEach((tag, i) => {
    const values = [tag?.textValue, tag?.checkboxValue, tag?.dateValue].filter((v) => v !== undefined);
    if (!isObject(tag) || typeof tag.documentTagId !== 'string' || tag.documentTagId === '') {
      fail(`prefillTags[${i}].documentTagId`, 'must be a non-empty string');
    } else if (values.length !== 1) {
      fail(`prefillTags[${i}]`, 'must have exactly one of textValue, checkboxValue, dateValue');
    }
  });
}

function validatePolling(polling: unknown, fail: Check): void {
  if (polling === undefined) return;
  if (!isObject(polling)) {
    fail('polling', 'must be an object');
    return;
  }
  const { initialIntervalMs, maximumIntervalMs, backoffCoefficient } = polling;
  if (initialIntervalMs !== undefined && !isIntegerIn(initialIntervalMs, 100, 86_400_000)) {
    fail('polling.initialIntervalMs', 'must be a whole number of milliseconds from 100 to 86400000');
  }
  if (maximumIntervalMs !== undefined && !isIntegerIn(maximumIntervalMs, 100, 86_400_000)) {
    fail('polling.maximumIntervalMs', 'must be a whole number of milliseconds from 100 to 86400000');
  }
  if (backoffCoefficient !== undefined && !(typeof backoffCoefficient === 'number' && backoffCoefficient >= 1)) {
    fail('polling.backoffCoefficient', 'must be a number, 1 or more');
  }
}

function checkOptionalUrl(value: unknown, field: string, fail: Check): void {
  if (value !== undefined && (typeof value !== 'string' || !URL_PATTERN.test(value))) {
    fail(field, 'must be an http(s) URL');
  }
}

function hasPhoneVerifiedSigner(signers: unknown): boolean {
  return Array.isArray(signers) && signers.some((s) => isObject(s) && s.verificationPhoneNumber !== undefined);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isBoxId(value: unknown): boolean {
  return typeof value === 'string' && BOX_ID_PATTERN.test(value);
}

function isIntegerIn(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}
