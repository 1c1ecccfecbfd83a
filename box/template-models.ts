import type { BoxVerificationMethod } from './models';

/**
 * Box's `SignTemplate` and `TemplateSigner` (box-sign-api.md §2.5), the fields the product reads before creating a
 * request from a template. Box may add fields; unknown ones are kept and ignored.
 */
export interface BoxTemplateSigner {
  email?: string | null;
  role?: 'signer' | 'approver' | 'final_copy_reader' | (string & {});
  order?: number;
  label?: string | null;
  public_id?: string;
  is_password_required?: boolean | null;
  is_phone_number_required?: boolean | null;
  login_required?: boolean | null;
  /** Box's 2026 guide: a template shows its signers' method too (`null`: none). */
  verification_method?: BoxVerificationMethod | null;
  [extra: string]: unknown;
}

export interface BoxSignTemplate {
  type: 'sign-template';
  id: string;
  name?: string | null;
  are_fields_locked?: boolean;
  are_options_locked?: boolean;
  are_recipients_locked?: boolean;
  are_email_settings_locked?: boolean;
  are_files_locked?: boolean;
  signers?: BoxTemplateSigner[];
  additional_info?: {
    non_editable?: string[];
    required?: { signers?: string[][] };
  } | null;
  [extra: string]: unknown;
}
