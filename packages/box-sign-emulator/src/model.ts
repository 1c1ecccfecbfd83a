import type { PrefillTag, SignerDecision, SignerRole, VerificationMethod } from './box/schemas';
import type { StoredBoxFile } from './files/model';
import type { StoredTemplate } from './templates/templates';

/** Internal (persisted) state. Times are emulator-clock epoch milliseconds. */

export interface PasswordHash {
  salt: string;
  hash: string;
}

/** A signer as the create body gave it (everything but the password, which is kept only as a hash). */
export interface SignerSettings {
  email: string;
  role: SignerRole;
  is_in_person: boolean;
  order: number;
  embed_url_external_user_id: string | null;
  redirect_url: string | null;
  declined_redirect_url: string | null;
  login_required: boolean;
  verification_phone_number: string | null;
  /** As given; absent in older state files. When set, Box ignores the legacy login and phone fields. */
  verification_method?: VerificationMethod | null;
  signer_group_id: string | null;
  suppress_notifications: boolean;
  language: string | null;
}

export interface StoredSigner extends SignerSettings {
  password_hash: PasswordHash | null;
  has_viewed_document: boolean;
  signer_decision: SignerDecision | null;
  invited_at: number | null;
  phone_verified: boolean;
  password_verified: boolean;
  /** The signer logged in to Box (control action `login`); absent: not yet. */
  logged_in?: boolean;
  /** The signer presented a CAC/PIV card (control action `present-card`); absent: not yet. */
  card_presented?: boolean;
  failed_verification_attempts: number;
  /** When the signer's invitation e-mail bounced (control action `bounce`); absent: it did not. */
  email_bounced_at?: number;
  /** A signer the emulator plays on its own clock: passes verification and signs this long after the invitation. */
  signs_after_invite_ms?: number | null;
  /** What the signer typed or ticked when signing (Box's `SignRequestSignerInput`); absent: none. */
  inputs?: SignerInput[];
  /** The files the signer attached when signing (Box's `{id, name}`); absent: none. */
  attachments?: { id: string; name: string }[];
}

/** Box's `SignRequestSignerInput`, as the signer gave it through the control API's `sign`. */
export interface SignerInput {
  document_tag_id: string | null;
  text_value: string | null;
  checkbox_value: boolean | null;
  date_value: string | null;
  type: 'text' | 'checkbox' | 'date';
  content_type: string;
  page_index: number;
  read_only: boolean;
}

/**
 * What a signer did that the request's other fields do not keep a time for, for the signing log: opening the
 * document, the SMS codes sent and each verification passed or failed. The phone is kept masked only.
 */
export interface SignerActivity {
  at: number;
  email: string;
  kind: 'viewed' | 'code_sent' | 'verified' | 'verification_failed';
  method?: 'sms_code' | 'password' | 'login' | 'cac_piv';
  /** e.g. `+1•••••••90`. */
  phone_masked?: string;
}

export interface StoredFile {
  id: string;
  name: string;
  version: number;
  version_id: string;
  /** The SHA-1 and size of this version's bytes once they were made (see documents/); absent before. */
  sha1?: string;
  size?: number;
  /** Which signatures the made bytes show (documents/documents.ts); absent before they were made. */
  content_key?: string;
}

/** The create options a request keeps as given (validated once, echoed in every response). */
export interface RequestSettings {
  days_valid: number;
  external_id: string | null;
  template_id: string | null;
  is_document_preparation_needed: boolean;
  are_reminders_enabled: boolean;
  are_text_signatures_enabled: boolean;
  email_subject: string | null;
  email_message: string | null;
  redirect_url: string | null;
  declined_redirect_url: string | null;
  external_system_name: string | null;
  signature_color: string | null;
  prefill_tags: PrefillTag[];
  is_phone_verification_required_to_view: boolean;
}

export interface StoredSignRequest extends RequestSettings {
  id: string;
  seq: number;
  short_id: string;
  status: string;
  error_code: string | null;
  created_at: number;
  converts_at: number;
  finalizes_at: number | null;
  finished_at: number | null;
  auto_expire_at: number | null;
  last_sent_at: number | null;
  resend_count: number;
  cancel_reason: string | null;
  sender_email: string;
  sender_id: number;
  signers: StoredSigner[];
  source_file_ids: string[];
  sign_files: StoredFile[];
  signing_log: StoredFile;
  parent_folder_id: string;
  name: string;
  /** The signers' timed actions, oldest first (absent in older state files and before any). */
  activity?: SignerActivity[];
}

export interface OutboxMessage {
  sign_request_id: string;
  email: string;
  phone_number: string;
  code: string;
  sent_at: string;
}

export interface IssuedToken {
  token: string;
  expires_at: number;
}

export interface PersistedState {
  version: 1;
  clock_offset_ms: number;
  next_seq: number;
  next_short_id: number;
  next_file_id: number;
  sign_requests: StoredSignRequest[];
  outbox: OutboxMessage[];
  tokens: IssuedToken[];
  /** Absent in files written before developer tokens expired (the configured one then starts afresh). */
  developer_tokens?: IssuedToken[];
  /** Webhooks created through `POST /2.0/webhooks` (absent in older files). */
  webhooks?: PersistedWebhooks;
  /** Folder id → its parent folder's id, as declared through the control API (absent in older files). */
  folder_parents?: Record<string, string>;
  /**
   * Users added through the control API (absent in older files). Requests keep their sender's id and login, so those
   * of older files are the authenticated user's.
   */
  users?: EmulatorUser[];
  /** Uploaded files and the files sign requests made: metadata only, the bytes are on disk (absent in older files). */
  files?: StoredBoxFile[];
  /** The enterprise admin's switches (absent in older files: CAC/PIV off). */
  enterprise?: { cac_piv_enabled: boolean };
  /** Box Sign templates made through the control API (absent in older files). */
  sign_templates?: StoredTemplate[];
}

export interface PersistedWebhooks {
  registrations: WebhookRegistration[];
  next_webhook_id: number;
}

export const ACTOR_ROLES: ReadonlySet<string> = new Set(['signer', 'approver']);

export const isActor = (signer: StoredSigner): boolean => ACTOR_ROLES.has(signer.role);

export const sameEmail = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** A Box user of the emulator's enterprise. `id` is Box's: a string of digits. */
export interface EmulatorUser {
  id: string;
  login: string;
  name: string;
}

/** Box's `Webhook` object, as `POST /2.0/webhooks` answers it. */
export interface WebhookRegistration {
  id: string;
  type: 'webhook';
  target: { id: string; type: 'file' | 'folder' };
  created_by: { type: 'user'; id: string; name: string; login: string };
  created_at: string;
  address: string;
  triggers: string[];
}
