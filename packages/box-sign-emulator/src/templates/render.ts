import type { StoredTemplate, TemplateSignerSpec } from './templates';

/** `TemplateSigner`, as Box returns it: never the template's password or phone. */
function renderTemplateSigner(signer: TemplateSignerSpec) {
  const method = signer.verification_method;
  return {
    inputs: [],
    email: signer.email,
    role: signer.role,
    is_in_person: signer.is_in_person,
    order: signer.order,
    signer_group_id: signer.signer_group_id,
    label: signer.label,
    public_id: signer.public_id,
    is_password_required: signer.is_password_required,
    is_phone_number_required: signer.is_phone_number_required,
    login_required: signer.login_required,
    verification_method: method === null ? null : { type: method.type },
  };
}

/** Box's `SignTemplate`. */
export function renderTemplate(template: StoredTemplate) {
  const nonEditable = [
    ...(template.are_email_settings_locked ? ['email_subject', 'email_message'] : []),
    ...(template.are_options_locked ? ['name', 'days_valid'] : []),
    ...(template.are_recipients_locked ? ['signers'] : []),
    ...(template.are_files_locked ? ['source_files'] : []),
  ];
  return {
    type: 'sign-template' as const,
    id: template.id,
    name: template.name,
    email_subject: template.email_subject,
    email_message: template.email_message,
    days_valid: template.days_valid,
    parent_folder: { type: 'folder' as const, id: template.parent_folder_id, etag: '0', sequence_id: '0' },
    source_files: template.source_file_ids.map((id) => ({ type: 'file' as const, id, etag: '0', sequence_id: '0' })),
    are_fields_locked: template.are_fields_locked,
    are_options_locked: template.are_options_locked,
    are_recipients_locked: template.are_recipients_locked,
    are_email_settings_locked: template.are_email_settings_locked,
    are_files_locked: template.are_files_locked,
    signers: template.signers.map(renderTemplateSigner),
    additional_info: {
      non_editable: nonEditable,
      required: { signers: template.signers.map((s) => (s.email === null ? ['email'] : [])) },
    },
    ready_sign_link: null,
    custom_branding: null,
    request_flow: 'standard',
  };
}

/** Box's `SignTemplates`: every template on one page (the emulator's enterprise has few). */
export function templatePage(templates: StoredTemplate[]) {
  const entries = templates.map(renderTemplate);
  return { limit: 1000, next_marker: null, prev_marker: null, entries };
}
