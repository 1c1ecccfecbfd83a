import { createHash } from 'node:crypto';
import type { FileMini, SignRequest, SignRequestSigner } from './box/schemas';
import type { StoredFile, StoredSignRequest, StoredSigner } from './model';
import { scheduledSignatureAt } from './lifecycle';
import { missingVerification, type Verification } from './verification';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export const SIGN_REQUESTS_FOLDER_NAME = 'Sign Requests';

/**
 * When a request has its signing log: once signed, and once declined (Box's log records the decline; that Box
 * keeps one for declined requests is this emulator's reading, box-sign-api.md does not say). Cancelled and expired
 * requests have none.
 */
const HAS_SIGNING_LOG = new Set(['signed', 'declined']);

function fileSha1(file: StoredFile): string {
  return createHash('sha1').update(`${file.id}:${file.version}`).digest('hex');
}

/** A request's file; its SHA-1 is its bytes' once they were made (documents/), a stand-in before. */
function renderFile(file: StoredFile): FileMini {
  const sha1 = file.sha1 ?? fileSha1(file);
  return {
    type: 'file',
    id: file.id,
    name: file.name,
    sequence_id: '0',
    etag: '0',
    sha1,
    file_version: { type: 'file_version', id: file.version_id, sha1 },
  };
}

export function embedUrl(baseUrl: string, req: StoredSignRequest, signer: StoredSigner): string {
  return `${baseUrl}/_emulator/embed/${req.id}/${encodeURIComponent(signer.email)}`;
}

/** `password` is write-only in Box: it is never part of any response. */
function renderSigner(baseUrl: string, req: StoredSignRequest, signer: StoredSigner): SignRequestSigner {
  const embed = signer.embed_url_external_user_id === null ? null : embedUrl(baseUrl, req, signer);
  return {
    email: signer.email,
    role: signer.role,
    is_in_person: signer.is_in_person,
    order: signer.order,
    embed_url_external_user_id: signer.embed_url_external_user_id,
    redirect_url: signer.redirect_url,
    declined_redirect_url: signer.declined_redirect_url,
    login_required: signer.login_required,
    verification_phone_number: signer.verification_phone_number,
    verification_method: signer.verification_method ?? null,
    signer_group_id: signer.signer_group_id,
    suppress_notifications: signer.suppress_notifications,
    language: signer.language,
    has_viewed_document: signer.has_viewed_document,
    signer_decision: signer.signer_decision,
    inputs: signer.inputs ?? [],
    embed_url: embed,
    iframeable_embed_url: embed === null ? null : `${embed}?iframeable=true`,
    attachments: signer.attachments ?? null,
  };
}

export function renderSignRequest(baseUrl: string, req: StoredSignRequest): SignRequest {
  return {
    type: 'sign-request',
    id: req.id,
    short_id: req.short_id,
    status: req.status,
    error_code: req.error_code,
    is_document_preparation_needed: req.is_document_preparation_needed,
    redirect_url: req.redirect_url,
    declined_redirect_url: req.declined_redirect_url,
    are_text_signatures_enabled: req.are_text_signatures_enabled,
    email_subject: req.email_subject,
    email_message: req.email_message,
    are_reminders_enabled: req.are_reminders_enabled,
    name: req.name,
    prefill_tags: req.prefill_tags,
    days_valid: req.days_valid,
    external_id: req.external_id,
    template_id: req.template_id,
    external_system_name: req.external_system_name,
    request_flow: 'standard',
    signers: req.signers.map((s) => renderSigner(baseUrl, req, s)),
    source_files: req.source_file_ids.map((id) => ({ type: 'file', id, etag: '0' })),
    sign_files: { files: req.sign_files.map(renderFile), is_ready_for_download: req.status === 'signed' },
    signing_log: HAS_SIGNING_LOG.has(req.status) ? renderFile(req.signing_log) : null,
    signature_color: req.signature_color,
    prepare_url: req.is_document_preparation_needed ? `${baseUrl}/_emulator/sign_requests/${req.id}/prepare` : null,
    parent_folder: {
      type: 'folder',
      id: req.parent_folder_id,
      etag: '0',
      sequence_id: '0',
      name: SIGN_REQUESTS_FOLDER_NAME,
    },
    auto_expire_at: iso(req.auto_expire_at),
    created_at: new Date(req.created_at).toISOString(),
    finished_at: iso(req.finished_at),
    collaborator_level: 'owner',
    sender_email: req.sender_email,
    sender_id: req.sender_id,
    is_phone_verification_required_to_view: req.is_phone_verification_required_to_view,
  };
}

export interface ControlSignerView {
  email: string;
  role: string;
  order: number;
  invited: boolean;
  invited_at: string | null;
  verified: boolean;
  failed_verification_attempts: number;
  needs: Verification | null;
  has_viewed: boolean;
  decision: string | null;
  /** When a scheduled signer signs (known once invited), or null. */
  signs_at: string | null;
}

export interface ControlView {
  sign_request: SignRequest;
  signers: ControlSignerView[];
  cancel_reason: string | null;
  resend_count: number;
  last_sent_at: string | null;
}

export function renderControlView(baseUrl: string, req: StoredSignRequest): ControlView {
  return {
    sign_request: renderSignRequest(baseUrl, req),
    signers: req.signers.map((s) => {
      const needs = missingVerification(req, s, 'sign');
      return {
        email: s.email,
        role: s.role,
        order: s.order,
        invited: s.invited_at !== null,
        invited_at: iso(s.invited_at),
        verified: needs === null,
        failed_verification_attempts: s.failed_verification_attempts,
        needs,
        has_viewed: s.has_viewed_document,
        decision: s.signer_decision?.type ?? null,
        signs_at: iso(scheduledSignatureAt(s)),
      };
    }),
    cancel_reason: req.cancel_reason,
    resend_count: req.resend_count,
    last_sent_at: iso(req.last_sent_at),
  };
}
