import { notFound } from '../errors';
import { sameEmail } from '../model';
import { fieldError, type ValidatedCreate, type ValidatedSigner } from '../validation';
import type { StoredTemplate, TemplateSignerSpec } from './templates';

/**
 * A create with `template_id`, as Box builds it: the template's signers in the template's order (a signer a template
 * gives an e-mail, a password or a phone keeps them unless the request gives its own), its documents (the request
 * answers `source_files: []`), its name, e-mail settings and expiry where the request gives none. Box refuses a
 * request that leaves out what a template signer without an e-mail requires, changes a locked setting, or lists
 * signers other than the template's.
 */
export function createFromTemplate(input: ValidatedCreate, template: StoredTemplate | undefined): ValidatedCreate {
  if (template === undefined) throw notFound(`Sign template '${input.template_id ?? ''}' was not found`);
  const templateSigners = [...template.signers].sort((a, b) => a.order - b.order);
  if (input.signers.length !== templateSigners.length) {
    throw fieldError('signers', `must list the template's ${templateSigners.length} signers in the template's order`);
  }
  if (template.are_email_settings_locked && (input.email_subject !== null || input.email_message !== null)) {
    throw fieldError('email_subject', "cannot be changed: the template's e-mail settings are locked");
  }
  if (template.are_options_locked && input.name !== null) {
    throw fieldError('name', "cannot be changed: the template's options are locked");
  }
  return {
    ...input,
    signers: input.signers.map((signer, i) => fromTemplateSigner(signer, templateSigners[i]!, template, i)),
    source_file_ids: [],
    name: input.name ?? template.name,
    email_subject: input.email_subject ?? template.email_subject,
    email_message: input.email_message ?? template.email_message,
    days_valid: input.days_valid === 0 && template.days_valid !== null ? template.days_valid : input.days_valid,
    parent_folder_id: input.parent_folder_id ?? template.parent_folder_id,
  };
}

function fromTemplateSigner(
  signer: ValidatedSigner,
  spec: TemplateSignerSpec,
  template: StoredTemplate,
  i: number,
): ValidatedSigner {
  const at = `signers[${i}]`;
  if (spec.email !== null && template.are_recipients_locked && !sameEmail(spec.email, signer.email)) {
    throw fieldError(`${at}.email`, "cannot be changed: the template's recipients are locked");
  }
  const phone = signer.verification_method?.type === 'phone' ? signer.verification_method.phone_number : undefined;
  const givenPhone = phone ?? signer.verification_phone_number;
  if (spec.is_phone_number_required && givenPhone === null && spec.phone_number === null) {
    throw fieldError(`${at}.verification_phone_number`, 'is required by the template for this signer');
  }
  if (spec.is_password_required && signer.password === null && spec.password === null) {
    throw fieldError(`${at}.password`, 'is required by the template for this signer');
  }
  const method = signer.verification_method ?? spec.verification_method;
  return {
    ...signer,
    role: spec.role,
    order: spec.order,
    is_in_person: signer.is_in_person || spec.is_in_person,
    login_required: signer.login_required || spec.login_required,
    verification_phone_number:
      signer.verification_method === null && spec.is_phone_number_required
        ? (signer.verification_phone_number ?? spec.phone_number)
        : signer.verification_phone_number,
    verification_method:
      method?.type === 'phone' && method.phone_number === undefined
        ? { type: 'phone', phone_number: givenPhone ?? spec.phone_number ?? '' }
        : method,
    password: signer.password ?? (spec.is_password_required ? spec.password : null),
  };
}
