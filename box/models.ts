/**
 * Box Sign API JSON, exactly as Box sends it (snake_case). See ../shared/box-sign-api.md and
 * Box's OpenAPI spec: #/components/schemas/SignRequest, SignRequestCreateRequest, ClientError.
 * Responses are open: Box adds fields and enum values without notice, so every type here
 * tolerates extra fields and unknown strings.
 */

/** Spec enum (13 values) plus whatever Box invents next. */
export type BoxSignRequestStatus =
  | 'converting'
  | 'created'
  | 'sent'
  | 'viewed'
  | 'finalizing'
  | 'signed'
  | 'declined'
  | 'cancelled'
  | 'expired'
  | 'error_converting'
  | 'error_sending'
  | 'error_finalizing'
  | 'error'
  | (string & {});

export type BoxSignerRole = 'signer' | 'approver' | 'final_copy_reader';

export interface BoxFileRef {
  type: 'file';
  id: string;
}

export interface BoxFolderRef {
  type: 'folder';
  id: string;
}

export interface BoxFileMini {
  type: 'file';
  id: string;
  name?: string;
  etag?: string | null;
  sequence_id?: string | null;
  file_version?: { type: 'file_version'; id: string; sha1?: string } | null;
  sha1?: string;
  [extra: string]: unknown;
}

export interface BoxFolderMini {
  type: 'folder';
  id: string;
  name?: string;
  etag?: string | null;
  sequence_id?: string | null;
  [extra: string]: unknown;
}

export interface BoxPrefillTag {
  document_tag_id?: string | null;
  text_value?: string | null;
  checkbox_value?: boolean | null;
  date_value?: string | null;
}

/** A signer's `verification_method`: `phone_number` (E.164) only with `type: "phone"`. */
export interface BoxVerificationMethod {
  type: 'phone' | 'login' | 'cac_piv' | (string & {});
  phone_number?: string | null;
}

/** `SignRequestCreateSigner`. `password` is write-only: Box never returns it. */
export interface BoxSignerCreate {
  email?: string | null;
  role?: BoxSignerRole;
  is_in_person?: boolean;
  order?: number;
  embed_url_external_user_id?: string | null;
  redirect_url?: string | null;
  declined_redirect_url?: string | null;
  login_required?: boolean | null;
  verification_phone_number?: string | null;
  /** Guide-only (box-sign-api.md §1.5): wins over the legacy fields; a password may go beside it. */
  verification_method?: BoxVerificationMethod | null;
  password?: string | null;
  signer_group_id?: string | null;
  suppress_notifications?: boolean | null;
  language?: string | null;
}

/** `SignRequestCreateRequest` plus the legacy `is_phone_verification_required_to_view` (see box-sign-api.md §1.3). */
export interface BoxSignRequestCreateBody {
  signers: BoxSignerCreate[];
  source_files?: BoxFileRef[] | null;
  parent_folder?: BoxFolderRef;
  is_document_preparation_needed?: boolean;
  redirect_url?: string | null;
  declined_redirect_url?: string | null;
  are_text_signatures_enabled?: boolean;
  email_subject?: string | null;
  email_message?: string | null;
  are_reminders_enabled?: boolean;
  name?: string;
  prefill_tags?: BoxPrefillTag[];
  days_valid?: number | null;
  external_id?: string | null;
  template_id?: string | null;
  external_system_name?: string | null;
  signature_color?: 'blue' | 'black' | 'red' | null;
  is_phone_verification_required_to_view?: boolean | null;
}

export interface BoxSignerDecision {
  type: 'signed' | 'declined' | (string & {});
  finalized_at: string;
  additional_info?: string | null;
}

/** `SignRequestSigner` as returned. */
export interface BoxSigner {
  email: string;
  role?: BoxSignerRole | (string & {});
  is_in_person?: boolean;
  order?: number;
  embed_url_external_user_id?: string | null;
  redirect_url?: string | null;
  declined_redirect_url?: string | null;
  login_required?: boolean | null;
  verification_phone_number?: string | null;
  /** `null` when the signer has no verification (box-sign-api.md §1.5); absent from older answers. */
  verification_method?: BoxVerificationMethod | null;
  signer_group_id?: string | null;
  suppress_notifications?: boolean | null;
  language?: string | null;
  has_viewed_document?: boolean;
  signer_decision?: BoxSignerDecision | null;
  inputs?: unknown[];
  embed_url?: string | null;
  iframeable_embed_url?: string | null;
  attachments?: { id?: string; name?: string }[] | null;
  [extra: string]: unknown;
}

/** `SignRequest` as returned by create, get, list and cancel. */
export interface BoxSignRequest {
  type: 'sign-request';
  id: string;
  short_id?: string;
  status: BoxSignRequestStatus;
  error_code?: string | null;
  signers: BoxSigner[];
  source_files?: BoxFileMini[];
  sign_files?: { files: BoxFileMini[]; is_ready_for_download: boolean };
  signing_log?: BoxFileMini | null;
  prepare_url?: string | null;
  parent_folder?: BoxFolderMini;
  auto_expire_at?: string | null;
  created_at?: string;
  finished_at?: string | null;
  collaborator_level?: string | null;
  sender_email?: string | null;
  sender_id?: number | null;
  is_document_preparation_needed?: boolean;
  redirect_url?: string | null;
  declined_redirect_url?: string | null;
  are_text_signatures_enabled?: boolean;
  email_subject?: string | null;
  email_message?: string | null;
  are_reminders_enabled?: boolean;
  name?: string;
  prefill_tags?: BoxPrefillTag[];
  days_valid?: number | null;
  external_id?: string | null;
  template_id?: string | null;
  external_system_name?: string | null;
  signature_color?: string | null;
  request_flow?: string | null;
  is_phone_verification_required_to_view?: boolean | null;
  [extra: string]: unknown;
}

/** `SignRequests`: one page of the list. */
export interface BoxSignRequestPage {
  limit: number;
  next_marker?: string | null;
  prev_marker?: string | null;
  entries: BoxSignRequest[];
}

export interface BoxSignRequestCancelBody {
  reason?: string;
}

/** `ClientError`: Box's error body on every API path. `code` is not validated against the enum (Box uses more). */
export interface BoxClientError {
  type: 'error';
  status: number;
  code: string;
  message: string;
  context_info?: Record<string, unknown> | null;
  help_url?: string;
  request_id: string;
}

/** `User` from GET /users/me, as asked for with `fields=id,type,name`. */
export interface BoxUser {
  type: 'user';
  id: string;
  name?: string;
}

/** `AccessToken` from POST /oauth2/token. */
export interface BoxAccessToken {
  access_token: string;
  expires_in: number;
  token_type: 'bearer';
  restricted_to?: unknown[];
  issued_token_type?: string;
  refresh_token?: string;
}

/** `OAuth2Error` from the token endpoint (a different shape from ClientError). */
export interface BoxOAuth2Error {
  error: string;
  error_description: string;
}
