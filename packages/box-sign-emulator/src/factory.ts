import { randomUUID } from 'node:crypto';
import type { Timings } from './lifecycle';
import type { StoredFile, StoredSignRequest, StoredSigner } from './model';
import { sameEmail } from './model';
import { hashPassword } from './secrets';
import type { EmulatorUser } from './users';
import type { ValidatedCreate, ValidatedSigner } from './validation';

export interface IdSource {
  nextSeq(): number;
  nextShortId(): string;
  nextFileId(): string;
}

/** Box's fallback when no parent folder is given ("My Sign Requests"); any non-root id will do here. */
export const DEFAULT_PARENT_FOLDER_ID = '100000000001';
const DAY_MS = 24 * 60 * 60 * 1000;

export function requestName(given: string | null): string {
  if (given === null || given.trim() === '') return 'Sign Request.pdf';
  return given.toLowerCase().endsWith('.pdf') ? given : `${given}.pdf`;
}

function newFile(ids: IdSource, name: string): StoredFile {
  return { id: ids.nextFileId(), name, version: 1, version_id: ids.nextFileId() };
}

/** Box echoes a signer_group_id only when at least two signers share it, and replaces it with its own UUID. */
function groupIds(signers: ValidatedSigner[]): Map<string, string> {
  const counts = new Map<string, number>();
  for (const s of signers) {
    if (s.signer_group_id !== null) counts.set(s.signer_group_id, (counts.get(s.signer_group_id) ?? 0) + 1);
  }
  const ids = new Map<string, string>();
  for (const [group, count] of counts) if (count > 1) ids.set(group, randomUUID());
  return ids;
}

async function toStoredSigner(s: ValidatedSigner, groups: Map<string, string>): Promise<StoredSigner> {
  return {
    email: s.email,
    role: s.role,
    is_in_person: s.is_in_person,
    order: s.order,
    embed_url_external_user_id: s.embed_url_external_user_id,
    redirect_url: s.redirect_url,
    declined_redirect_url: s.declined_redirect_url,
    login_required: s.login_required,
    verification_phone_number: s.verification_phone_number,
    verification_method: s.verification_method ?? null,
    password_hash: s.password === null ? null : await hashPassword(s.password),
    signer_group_id: s.signer_group_id === null ? null : (groups.get(s.signer_group_id) ?? null),
    suppress_notifications: s.suppress_notifications,
    language: s.language,
    has_viewed_document: false,
    signer_decision: null,
    invited_at: null,
    phone_verified: false,
    password_verified: false,
    failed_verification_attempts: 0,
  };
}

function senderAsReader(sender: EmulatorUser): ValidatedSigner {
  return {
    email: sender.login,
    role: 'final_copy_reader',
    is_in_person: false,
    order: 0,
    embed_url_external_user_id: null,
    redirect_url: null,
    declined_redirect_url: null,
    login_required: false,
    verification_phone_number: null,
    password: null,
    signer_group_id: null,
    suppress_notifications: false,
    language: null,
  };
}

export async function buildSignRequest(
  input: ValidatedCreate,
  ctx: { now: number; ids: IdSource; sender: EmulatorUser; timings: Timings },
): Promise<StoredSignRequest> {
  const { now, ids, sender } = ctx;
  const senderListed = input.signers.some((s) => sameEmail(s.email, sender.login));
  const signers = senderListed ? input.signers : [senderAsReader(sender), ...input.signers];
  const groups = groupIds(signers);
  const name = requestName(input.name);
  const base = name.slice(0, -'.pdf'.length);
  const fileCount = Math.max(1, input.source_file_ids.length);
  return {
    id: randomUUID(),
    seq: ids.nextSeq(),
    short_id: ids.nextShortId(),
    status: 'converting',
    error_code: null,
    created_at: now,
    converts_at: now + ctx.timings.conversionDelayMs,
    finalizes_at: null,
    finished_at: null,
    auto_expire_at: input.days_valid > 0 ? now + input.days_valid * DAY_MS : null,
    last_sent_at: null,
    resend_count: 0,
    cancel_reason: null,
    sender_email: sender.login,
    sender_id: Number(sender.id),
    signers: await Promise.all(signers.map((s) => toStoredSigner(s, groups))),
    source_file_ids: input.source_file_ids,
    sign_files: Array.from({ length: fileCount }, (_, i) => newFile(ids, i === 0 ? name : `${base} (${i + 1}).pdf`)),
    signing_log: newFile(ids, `${base} Signing Log.pdf`),
    parent_folder_id: input.parent_folder_id ?? DEFAULT_PARENT_FOLDER_ID,
    name,
    days_valid: input.days_valid,
    external_id: input.external_id,
    template_id: input.template_id,
    is_document_preparation_needed: input.is_document_preparation_needed,
    are_reminders_enabled: input.are_reminders_enabled,
    are_text_signatures_enabled: input.are_text_signatures_enabled,
    email_subject: input.email_subject,
    email_message: input.email_message,
    redirect_url: input.redirect_url,
    declined_redirect_url: input.declined_redirect_url,
    external_system_name: input.external_system_name,
    signature_color: input.signature_color,
    prefill_tags: input.prefill_tags,
    is_phone_verification_required_to_view: input.is_phone_verification_required_to_view,
  };
}
