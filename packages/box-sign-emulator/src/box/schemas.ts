/**
 * The JSON the emulator speaks, named after the components of Box's OpenAPI spec (box-openapi.json:
 * #/components/schemas/…). Written from Box's documentation for the emulator alone: the product that talks to the
 * emulator keeps its own idea of Box, so that one cannot hide the other's mistakes.
 */

/** `SignRequestCreateSigner.role` / `SignRequestSigner.role`. */
export type SignerRole = 'signer' | 'approver' | 'final_copy_reader';

/** `SignRequestPrefillTag`. */
export interface PrefillTag {
  document_tag_id?: string | null;
  text_value?: string | null;
  checkbox_value?: boolean | null;
  date_value?: string | null;
}

/** `SignRequestSignerDecision`. */
export interface SignerDecision {
  type: 'signed' | 'declined';
  finalized_at: string;
  additional_info?: string | null;
}

/** `File--Mini`, as Box nests it in a sign request. */
export interface FileMini {
  type: 'file';
  id: string;
  name?: string;
  etag?: string | null;
  sequence_id?: string | null;
  file_version?: { type: 'file_version'; id: string; sha1?: string } | null;
  sha1?: string;
}

/** `Folder--Mini`. */
export interface FolderMini {
  type: 'folder';
  id: string;
  name?: string;
  etag?: string | null;
  sequence_id?: string | null;
}

/**
 * A signer's `verification_method` (Box's signer-verification guide, 2026; not yet in the OpenAPI snapshot):
 * `phone_number` only with `type: "phone"`. `null` in answers when the signer has no verification.
 */
export interface VerificationMethod {
  type: 'phone' | 'login' | 'cac_piv';
  phone_number?: string;
}

/** `SignRequestSigner`, as Box returns it. */
export interface SignRequestSigner {
  email: string;
  role: SignerRole;
  is_in_person: boolean;
  order: number;
  embed_url_external_user_id: string | null;
  redirect_url: string | null;
  declined_redirect_url: string | null;
  login_required: boolean;
  verification_phone_number: string | null;
  verification_method: VerificationMethod | null;
  signer_group_id: string | null;
  suppress_notifications: boolean;
  language: string | null;
  has_viewed_document: boolean;
  signer_decision: SignerDecision | null;
  inputs: unknown[];
  embed_url: string | null;
  iframeable_embed_url: string | null;
  attachments: { id?: string; name?: string }[] | null;
  [field: string]: unknown;
}

/** `SignRequest`, as create, get, list and cancel return it. */
export interface SignRequest {
  type: 'sign-request';
  id: string;
  short_id: string;
  status: string;
  error_code: string | null;
  is_document_preparation_needed: boolean;
  redirect_url: string | null;
  declined_redirect_url: string | null;
  are_text_signatures_enabled: boolean;
  email_subject: string | null;
  email_message: string | null;
  are_reminders_enabled: boolean;
  name: string | null;
  prefill_tags: PrefillTag[];
  days_valid: number | null;
  external_id: string | null;
  template_id: string | null;
  external_system_name: string | null;
  request_flow: string;
  signers: SignRequestSigner[];
  source_files: FileMini[];
  sign_files: { files: FileMini[]; is_ready_for_download: boolean };
  signing_log: FileMini | null;
  signature_color: string | null;
  prepare_url: string | null;
  parent_folder: FolderMini;
  auto_expire_at: string | null;
  created_at: string;
  finished_at: string | null;
  collaborator_level: string;
  sender_email: string;
  sender_id: number;
  is_phone_verification_required_to_view: boolean | null;
}

/** `SignRequests`: one page of the list. */
export interface SignRequests {
  limit: number;
  next_marker: string | null;
  prev_marker: string | null;
  entries: SignRequest[];
}

/** `ClientError`: Box's error body on every API path. */
export interface ClientError {
  type: 'error';
  status: number;
  code: string;
  message: string;
  context_info?: Record<string, unknown> | null;
  help_url?: string;
  request_id: string;
}

/** `AccessToken`, from POST /oauth2/token. */
export interface AccessToken {
  access_token: string;
  expires_in: number;
  token_type: 'bearer';
  restricted_to: unknown[];
  issued_token_type?: string;
}

/** `OAuth2Error`, the token endpoint's own error shape. */
export interface OAuth2Error {
  error: string;
  error_description: string;
}
