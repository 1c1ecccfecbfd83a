import type { BoxSignTemplate, BoxTemplateSigner } from '../box/template-models';
import type { SignerInput, SignRequestInput } from '../contracts';
import { methodTypeOf } from '../contracts/verification-method';

/**
 * Whether an input fits the Box Sign template it names, read with `GET /sign_templates/{id}` before the create: the
 * same signers in the template's order and roles, what each template signer requires (a password, a phone, a Box
 * login, a CAC/PIV card) given, the e-mails the template leaves to the request given, and nothing the template
 * locks changed. Each problem names the template signer by position, label-free role and order (never an e-mail),
 * and the input's field that fixes it.
 *
 * Box's rules read from its spec: a requirement on a template signer *with* an e-mail is met by what the template's
 * creator gave, one on a signer without an e-mail needs the request's value. Template final_copy_readers that have
 * an e-mail need nothing from the request and may be left out of it.
 */
export function templateMismatches(input: SignRequestInput, template: BoxSignTemplate): string[] {
  const expected = (template.signers ?? [])
    .filter((s) => !(s.role === 'final_copy_reader' && hasEmail(s)))
    .sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  const problems: string[] = [];
  if (expected.length !== input.signers.length) {
    problems.push(
      `the template has ${expected.length} signer(s) the request must list (in the template's order), the input ` +
        `lists ${input.signers.length} in signers`,
    );
  }
  expected.forEach((spec, i) => {
    const signer = input.signers[i];
    if (signer !== undefined) problems.push(...signerMismatches(spec, signer, i, template));
  });
  problems.push(...lockedMismatches(input, template));
  return problems;
}

function signerMismatches(
  spec: BoxTemplateSigner,
  signer: SignerInput,
  i: number,
  template: BoxSignTemplate,
): string[] {
  const who = `template signer ${i + 1} (${spec.role ?? 'signer'}, order ${spec.order ?? 0})`;
  const at = `signers[${i}]`;
  const problems: string[] = [];
  const role = signer.role ?? 'signer';
  if (spec.role !== undefined && role !== spec.role) problems.push(`${who} is a ${spec.role}: ${at}.role must match`);
  if (signer.order !== undefined && spec.order !== undefined && signer.order !== spec.order) {
    problems.push(`${who} signs at order ${spec.order}: ${at}.order must match or be left out`);
  }
  const fromRequest = !hasEmail(spec);
  const method = spec.verification_method?.type;
  const givenMethod = methodTypeOf(signer);
  const hasPhone = signer.verificationPhoneNumber !== undefined || givenMethod === 'phone';
  if (fromRequest && (spec.is_phone_number_required === true || method === 'phone') && !hasPhone) {
    problems.push(`${who} requires a phone: give ${at}.verificationMethod {type: "phone", phoneNumber}`);
  }
  if (fromRequest && spec.is_password_required === true && signer.password === undefined) {
    problems.push(`${who} requires a password: give ${at}.password`);
  }
  const asksLogin = signer.loginRequired === true || givenMethod === 'login';
  if ((spec.login_required === true || method === 'login') && !asksLogin) {
    problems.push(`${who} requires a Box login: give ${at}.verificationMethod {type: "login"}`);
  }
  if (method === 'cac_piv' && givenMethod !== 'cac_piv') {
    problems.push(`${who} requires a CAC/PIV card: give ${at}.verificationMethod {type: "cac_piv"}`);
  }
  if (hasEmail(spec) && template.are_recipients_locked === true && !sameEmail(spec.email, signer.email)) {
    problems.push(`${who} is locked to the template's recipient: ${at}.email must be the template's address`);
  }
  return problems;
}

/** Settings the template locks (`are_*_locked`, `additional_info.non_editable`) that the input sets anyway. */
function lockedMismatches(input: SignRequestInput, template: BoxSignTemplate): string[] {
  const locked = new Set(template.additional_info?.non_editable ?? []);
  if (template.are_email_settings_locked === true) ['email_subject', 'email_message'].forEach((f) => locked.add(f));
  if (template.are_options_locked === true) ['name', 'days_valid'].forEach((f) => locked.add(f));
  const given: [boxField: string, inputField: string, value: unknown][] = [
    ['email_subject', 'emailSubject', input.emailSubject],
    ['email_message', 'emailMessage', input.emailMessage],
    ['name', 'name', input.name],
    ['days_valid', 'daysValid', input.daysValid],
  ];
  const problems = given
    .filter(([boxField, , value]) => value !== undefined && locked.has(boxField))
    .map(([, inputField]) => `the template locks ${inputField}: leave it out`);
  if (template.are_fields_locked === true && (input.prefillTags?.length ?? 0) > 0) {
    problems.push('the template locks its fields: leave prefillTags out');
  }
  return problems;
}

function hasEmail(signer: BoxTemplateSigner): signer is BoxTemplateSigner & { email: string } {
  return typeof signer.email === 'string' && signer.email !== '';
}

function sameEmail(a: string | null | undefined, b: string): boolean {
  return typeof a === 'string' && a.toLowerCase() === b.toLowerCase();
}
