import type { BoxSignerCreate, BoxSignRequestCreateBody, BoxVerificationMethod } from '../box/models';
import type { PlaintextSignRequestInput, PlaintextSignerInput, PlaintextVerificationMethod } from '../contracts';

/** Our camelCase input, its secrets unsealed → Box's snake_case create body. Absent fields stay absent, so Box applies its defaults. */
export function toBoxCreateBody(input: PlaintextSignRequestInput, externalId: string): BoxSignRequestCreateBody {
  return omitUndefined({
    signers: input.signers.map(toBoxSigner),
    source_files: input.sourceFiles?.map((file) => ({ type: 'file' as const, id: file.id })),
    template_id: input.templateId,
    parent_folder: { type: 'folder' as const, id: input.parentFolder.id },
    name: input.name,
    email_subject: input.emailSubject,
    email_message: input.emailMessage,
    days_valid: input.daysValid,
    are_reminders_enabled: input.areRemindersEnabled,
    are_text_signatures_enabled: input.areTextSignaturesEnabled,
    is_document_preparation_needed: input.isDocumentPreparationNeeded,
    is_phone_verification_required_to_view: input.isPhoneVerificationRequiredToView,
    redirect_url: input.redirectUrl,
    declined_redirect_url: input.declinedRedirectUrl,
    external_system_name: input.externalSystemName,
    signature_color: input.signatureColor,
    prefill_tags: input.prefillTags?.map((tag) =>
      omitUndefined({
        document_tag_id: tag.documentTagId,
        text_value: tag.textValue,
        checkbox_value: tag.checkboxValue,
        date_value: tag.dateValue,
      }),
    ),
    external_id: externalId,
  });
}

function toBoxSigner(signer: PlaintextSignerInput): BoxSignerCreate {
  return omitUndefined({
    email: signer.email,
    role: signer.role ?? 'signer',
    order: signer.order,
    verification_phone_number: signer.verificationPhoneNumber,
    verification_method: toBoxVerificationMethod(signer.verificationMethod),
    password: signer.password,
    is_in_person: signer.isInPerson,
    embed_url_external_user_id: signer.embedUrlExternalUserId,
    redirect_url: signer.redirectUrl,
    declined_redirect_url: signer.declinedRedirectUrl,
    login_required: signer.loginRequired,
    signer_group_id: signer.signerGroupId,
    suppress_notifications: signer.suppressNotifications,
    language: signer.language,
  });
}

function toBoxVerificationMethod(method: PlaintextVerificationMethod | undefined): BoxVerificationMethod | undefined {
  if (method === undefined) return undefined;
  return method.type === 'phone' ? { type: 'phone', phone_number: method.phoneNumber } : { type: method.type };
}

function omitUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
