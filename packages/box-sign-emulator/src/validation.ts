import type { PrefillTag, SignerRole, VerificationMethod } from './box/schemas';
import { badRequest, type BoxApiError } from './errors';
import { isRecord } from './http';
import type { RequestSettings, SignerSettings } from './model';

export const MAX_SIGNERS = 35;
export const MAX_SOURCE_FILES = 10;
export const MAX_DAYS_VALID = 730;
const ROLES: readonly SignerRole[] = ['signer', 'approver', 'final_copy_reader'];
const SIGNATURE_COLORS = ['blue', 'black', 'red'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// Box publishes no phone rule; accept E.164 and bare national digits (see box-sign-api.md §1.3).
const PHONE = /^\+?[1-9]\d{6,14}$/;

export interface ValidatedSigner extends SignerSettings {
  password: string | null;
}

export interface ValidatedCreate extends RequestSettings {
  signers: ValidatedSigner[];
  source_file_ids: string[];
  parent_folder_id: string | null;
  name: string | null;
}

/** A 400 whose message names the offending field, e.g. `'signers[1].email' must be a valid email address`. */
export function fieldError(field: string, rule: string): BoxApiError {
  const message = `'${field}' ${rule}`;
  return badRequest(message, { errors: [{ reason: 'invalid_parameter', name: field, message }] });
}

function optString(obj: Record<string, unknown>, key: string, field: string): string | null {
  const value = obj[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw fieldError(field, 'must be a string');
  return value;
}

function optBool(obj: Record<string, unknown>, key: string, field: string, fallback: boolean): boolean {
  const value = obj[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw fieldError(field, 'must be a boolean');
  return value;
}

const isInt = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

const METHOD_TYPES: readonly VerificationMethod['type'][] = ['phone', 'login', 'cac_piv'];

/** `verification_method` (guide-only, 2026): `{type: "phone", phone_number}`, `{type: "login"}`, `{type: "cac_piv"}`. */
function validateMethod(raw: unknown, field: string): VerificationMethod | null {
  if (raw === undefined || raw === null) return null;
  if (!isRecord(raw)) throw fieldError(field, 'must be an object');
  const type = raw.type;
  if (!METHOD_TYPES.includes(type as VerificationMethod['type'])) {
    throw fieldError(`${field}.type`, `must be one of ${METHOD_TYPES.join(', ')}`);
  }
  if (type !== 'phone') return { type: type as VerificationMethod['type'] };
  const phone = optString(raw, 'phone_number', `${field}.phone_number`);
  if (phone === null || !PHONE.test(phone)) throw fieldError(`${field}.phone_number`, 'must be a valid phone number');
  return { type: 'phone', phone_number: phone };
}

function validateSigner(raw: unknown, field: string): ValidatedSigner {
  if (!isRecord(raw)) throw fieldError(field, 'must be an object');
  const email = optString(raw, 'email', `${field}.email`);
  if (email === null || !EMAIL.test(email)) throw fieldError(`${field}.email`, 'must be a valid email address');
  const role = raw.role ?? 'signer';
  if (!ROLES.includes(role as SignerRole)) throw fieldError(`${field}.role`, `must be one of ${ROLES.join(', ')}`);
  const order = raw.order ?? 1;
  if (!isInt(order) || order < 0) throw fieldError(`${field}.order`, 'must be an integer greater than or equal to 0');
  const phone = optString(raw, 'verification_phone_number', `${field}.verification_phone_number`);
  if (phone !== null && !PHONE.test(phone)) {
    throw fieldError(`${field}.verification_phone_number`, 'must be a valid phone number');
  }
  const password = optString(raw, 'password', `${field}.password`);
  if (password === '') throw fieldError(`${field}.password`, 'must be a non-empty string');
  const method = validateMethod(raw.verification_method, `${field}.verification_method`);
  if (role === 'final_copy_reader' && method !== null) {
    throw fieldError(`${field}.verification_method`, 'is not allowed for a final_copy_reader');
  }
  if (role === 'final_copy_reader') {
    if (phone !== null)
      throw fieldError(`${field}.verification_phone_number`, 'is not allowed for a final_copy_reader');
    if (password !== null) throw fieldError(`${field}.password`, 'is not allowed for a final_copy_reader');
  }
  const loginRequired = optBool(raw, 'login_required', `${field}.login_required`, false);
  // With a verification_method, Box ignores the legacy fields, so they cannot conflict.
  if (method === null && loginRequired && phone !== null) {
    throw fieldError(`${field}.login_required`, 'cannot be combined with verification_phone_number');
  }
  return {
    email,
    role: role as SignerRole,
    is_in_person: optBool(raw, 'is_in_person', `${field}.is_in_person`, false),
    order,
    embed_url_external_user_id: optString(raw, 'embed_url_external_user_id', `${field}.embed_url_external_user_id`),
    redirect_url: optString(raw, 'redirect_url', `${field}.redirect_url`),
    declined_redirect_url: optString(raw, 'declined_redirect_url', `${field}.declined_redirect_url`),
    login_required: loginRequired,
    verification_phone_number: phone,
    verification_method: method,
    password,
    signer_group_id: optString(raw, 'signer_group_id', `${field}.signer_group_id`),
    suppress_notifications: optBool(raw, 'suppress_notifications', `${field}.suppress_notifications`, false),
    language: optString(raw, 'language', `${field}.language`),
  };
}

function validateSigners(raw: unknown): ValidatedSigner[] {
  if (!Array.isArray(raw) || raw.length === 0) throw fieldError('signers', 'must be a non-empty array');
  if (raw.length > MAX_SIGNERS) throw fieldError('signers', `must contain at most ${MAX_SIGNERS} signers`);
  const signers = raw.map((s, i) => validateSigner(s, `signers[${i}]`));
  if (signers.length > 1 && signers.some((s) => s.verification_method?.type === 'cac_piv')) {
    raw.forEach((s: unknown, i) => {
      if (isRecord(s) && (s.order === undefined || s.order === null)) {
        throw fieldError(
          `signers[${i}].order`,
          'is required: a request with a cac_piv signer and several signers needs a signing order',
        );
      }
    });
  }
  signers.forEach((signer, i) => {
    const first = signers.findIndex((other) => other.email.toLowerCase() === signer.email.toLowerCase());
    if (first !== i) throw fieldError(`signers[${i}].email`, `duplicates 'signers[${first}].email'`);
  });
  return signers;
}

function validateSourceFiles(raw: unknown, templateId: string | null): string[] {
  if (templateId !== null) return [];
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_SOURCE_FILES) {
    throw fieldError(
      'source_files',
      `must contain between 1 and ${MAX_SOURCE_FILES} files unless 'template_id' is set`,
    );
  }
  return raw.map((file, i) => {
    if (!isRecord(file)) throw fieldError(`source_files[${i}]`, 'must be an object');
    if (file.type !== 'file') throw fieldError(`source_files[${i}].type`, "must be 'file'");
    if (typeof file.id !== 'string' || file.id === '')
      throw fieldError(`source_files[${i}].id`, 'must be a non-empty string');
    return file.id;
  });
}

function validateParentFolder(raw: unknown): string | null {
  if (raw === undefined || raw === null) return null;
  if (!isRecord(raw)) throw fieldError('parent_folder', 'must be an object');
  if (raw.type !== 'folder') throw fieldError('parent_folder.type', "must be 'folder'");
  if (typeof raw.id !== 'string' || raw.id === '') throw fieldError('parent_folder.id', 'must be a non-empty string');
  if (raw.id === '0') throw fieldError('parent_folder.id', "cannot be '0' (the root folder)");
  return raw.id;
}

function validatePrefillTags(raw: unknown): PrefillTag[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw fieldError('prefill_tags', 'must be an array');
  return raw.map((tag, i): PrefillTag => {
    if (!isRecord(tag)) throw fieldError(`prefill_tags[${i}]`, 'must be an object');
    const out: PrefillTag = {
      document_tag_id: optString(tag, 'document_tag_id', `prefill_tags[${i}].document_tag_id`),
    };
    if (tag.text_value !== undefined) out.text_value = optString(tag, 'text_value', `prefill_tags[${i}].text_value`);
    if (tag.checkbox_value !== undefined && tag.checkbox_value !== null) {
      out.checkbox_value = optBool(tag, 'checkbox_value', `prefill_tags[${i}].checkbox_value`, false);
    }
    if (tag.date_value !== undefined) out.date_value = optString(tag, 'date_value', `prefill_tags[${i}].date_value`);
    return out;
  });
}

/** Box is lenient about unknown fields, so only known fields are checked; everything else is ignored. */
export function validateCreateBody(body: unknown): ValidatedCreate {
  if (!isRecord(body)) throw badRequest('The request body must be a JSON object');
  const signers = validateSigners(body.signers);
  const templateId = optString(body, 'template_id', 'template_id');
  const daysValid = body.days_valid ?? 0;
  if (!isInt(daysValid) || daysValid < 0 || daysValid > MAX_DAYS_VALID) {
    throw fieldError('days_valid', `must be an integer between 0 and ${MAX_DAYS_VALID}`);
  }
  const color = optString(body, 'signature_color', 'signature_color');
  if (color !== null && !SIGNATURE_COLORS.includes(color)) {
    throw fieldError('signature_color', `must be one of ${SIGNATURE_COLORS.join(', ')}`);
  }
  return {
    signers,
    source_file_ids: validateSourceFiles(body.source_files, templateId),
    parent_folder_id: validateParentFolder(body.parent_folder),
    name: optString(body, 'name', 'name'),
    days_valid: daysValid,
    external_id: optString(body, 'external_id', 'external_id'),
    template_id: templateId,
    is_document_preparation_needed: optBool(
      body,
      'is_document_preparation_needed',
      'is_document_preparation_needed',
      false,
    ),
    are_reminders_enabled: optBool(body, 'are_reminders_enabled', 'are_reminders_enabled', false),
    are_text_signatures_enabled: optBool(body, 'are_text_signatures_enabled', 'are_text_signatures_enabled', true),
    email_subject: optString(body, 'email_subject', 'email_subject'),
    email_message: optString(body, 'email_message', 'email_message'),
    redirect_url: optString(body, 'redirect_url', 'redirect_url'),
    declined_redirect_url: optString(body, 'declined_redirect_url', 'declined_redirect_url'),
    external_system_name: optString(body, 'external_system_name', 'external_system_name'),
    signature_color: color,
    prefill_tags: validatePrefillTags(body.prefill_tags),
    is_phone_verification_required_to_view: optBool(
      body,
      'is_phone_verification_required_to_view',
      'is_phone_verification_required_to_view',
      false,
    ),
  };
}
