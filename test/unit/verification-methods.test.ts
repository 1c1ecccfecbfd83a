import type { BoxSignTemplate } from '../../box/template-models';
import { templateMismatches } from '../../activities/template-fit';
import { toBoxCreateBody } from '../../activities/to-box-create-body';
import type { SignRequestInput, SignerInput } from '../../contracts';
import {
  MASKED_PHONE_PATTERN,
  SEALED_SECRET_PATTERN,
  signerVerification,
  validateSignRequestInput,
  verificationOf,
} from '../../contracts';
import { sealSignRequestInput, unsealSignRequestInput } from '../../encryption/seal-input';
import { generateSealingSetup } from '../../encryption/sealing-keys';
import { formatSigner } from '../../client/cli/format/signers';

const PHONE = '+15551232190';

function request(signers: SignerInput[], extra: Partial<SignRequestInput> = {}): SignRequestInput {
  return {
    businessKey: 'order-42',
    sourceFiles: [{ id: '1234567890' }],
    parentFolder: { id: '987654321' },
    signers,
    ...extra,
  };
}

describe('verificationMethod in the input', () => {
  it('accepts each method, a password beside any, and a legacy phone signer beside a method one', () => {
    for (const method of [{ type: 'phone', phoneNumber: PHONE }, { type: 'login' }, { type: 'cac_piv' }] as const) {
      const signer = { email: 'a@example.com', verificationMethod: method, password: 'pw' };
      expect(validateSignRequestInput(request([signer]))).toEqual([]);
    }
    const mixed = request([
      { email: 'legacy@example.com', verificationPhoneNumber: PHONE },
      { email: 'method@example.com', verificationMethod: { type: 'phone', phoneNumber: '+447700900123' } },
    ]);
    expect(validateSignRequestInput(mixed)).toEqual([]);
  });

  it.each<[string, SignerInput[], string, RegExp]>([
    [
      'a method beside verificationPhoneNumber',
      [{ email: 'a@example.com', verificationPhoneNumber: PHONE, verificationMethod: { type: 'login' } }],
      'signers[0].verificationMethod',
      /cannot be combined with verificationPhoneNumber/,
    ],
    [
      'a method beside loginRequired',
      [{ email: 'a@example.com', loginRequired: true, verificationMethod: { type: 'cac_piv' } }],
      'signers[0].verificationMethod',
      /cannot be combined with loginRequired/,
    ],
    [
      'a method on a final_copy_reader',
      [{ email: 'a@example.com', role: 'final_copy_reader', verificationMethod: { type: 'login' } }],
      'signers[0].verificationMethod',
      /final_copy_reader/,
    ],
    [
      'a phone method whose number is not E.164',
      [{ email: 'a@example.com', verificationMethod: { type: 'phone', phoneNumber: '5550001111' } }],
      'signers[0].verificationMethod.phoneNumber',
      /E\.164/,
    ],
    [
      'an unknown method',
      [{ email: 'a@example.com', verificationMethod: { type: 'retina' } as never }],
      'signers[0].verificationMethod.type',
      /phone.*login.*cac_piv/,
    ],
    [
      'cac_piv with several signers and no order',
      [{ email: 'a@example.com', order: 1, verificationMethod: { type: 'cac_piv' } }, { email: 'b@example.com' }],
      'signers[1].order',
      /cac_piv/,
    ],
  ])('refuses %s, naming the field and the rule, never the value', (_name, signers, field, rule) => {
    const issues = validateSignRequestInput(request(signers));
    expect(issues).toContainEqual({ field, rule: expect.stringMatching(rule) });
    expect(JSON.stringify(issues)).not.toContain('5550001111');
  });

  it('cac_piv alone needs no order; with every signer ordered it is accepted', () => {
    expect(
      validateSignRequestInput(request([{ email: 'a@example.com', verificationMethod: { type: 'cac_piv' } }])),
    ).toEqual([]);
    const ordered = request([
      { email: 'a@example.com', order: 1, verificationMethod: { type: 'cac_piv' } },
      { email: 'b@example.com', order: 2 },
    ]);
    expect(validateSignRequestInput(ordered)).toEqual([]);
  });

  it('a phone method counts for isPhoneVerificationRequiredToView', () => {
    const input = request([{ email: 'a@example.com', verificationMethod: { type: 'phone', phoneNumber: PHONE } }], {
      isPhoneVerificationRequiredToView: true,
    });
    expect(validateSignRequestInput(input)).toEqual([]);
  });

  it('the phone inside the method is sealed and masked like verificationPhoneNumber, and opens for Box', () => {
    const setup = generateSealingSetup('k1');
    const input = request([{ email: 'a@example.com', verificationMethod: { type: 'phone', phoneNumber: PHONE } }]);
    const sealed = sealSignRequestInput(input, setup.sealing);
    const method = sealed.signers[0]!.verificationMethod as { phoneNumber: { sealed: string; masked: string } };
    expect(method.phoneNumber.sealed).toMatch(SEALED_SECRET_PATTERN);
    expect(method.phoneNumber.masked).toMatch(MASKED_PHONE_PATTERN);
    expect(JSON.stringify(sealed)).not.toContain(PHONE.slice(1));
    expect(validateSignRequestInput(sealed)).toEqual([]);
    const plaintext = unsealSignRequestInput(sealed, setup.privateKeys);
    expect(plaintext).toEqual(input);
    expect(toBoxCreateBody(plaintext, 'box-sign-order-42').signers[0]).toMatchObject({
      verification_method: { type: 'phone', phone_number: PHONE },
    });
  });

  it('a sealed method phone copied onto the legacy field of the same signer does not open', () => {
    const setup = generateSealingSetup('k1');
    const input = request([{ email: 'a@example.com', verificationMethod: { type: 'phone', phoneNumber: PHONE } }]);
    const sealed = sealSignRequestInput(input, setup.sealing);
    const method = sealed.signers[0]!.verificationMethod as { phoneNumber: { sealed: string; masked: string } };
    const swapped = { ...sealed, signers: [{ email: 'a@example.com', verificationPhoneNumber: method.phoneNumber }] };
    expect(() => unsealSignRequestInput(swapped, setup.privateKeys)).toThrow(/signers\[0\]\.verificationPhoneNumber/);
  });

  it('readers see what each signer must pass, the phone masked, and one word for summaries', () => {
    const login = { email: 'a@example.com', verificationMethod: { type: 'login' as const }, password: 'pw' };
    expect(verificationOf(login)).toEqual([{ type: 'login' }, { type: 'password' }]);
    expect(signerVerification(login)).toBe('login');
    const card = { email: 'b@example.com', verificationMethod: { type: 'cac_piv' as const } };
    expect(verificationOf(card)).toEqual([{ type: 'cac_piv' }]);
    const phone = { email: 'c@example.com', verificationMethod: { type: 'phone' as const, phoneNumber: PHONE } };
    expect(verificationOf(phone)).toEqual([{ type: 'phone', maskedPhone: '+1•••••••90' }]);
    expect(signerVerification(phone)).toBe('phone');
    expect(verificationOf({ email: 'd@example.com' })).toEqual([]);
  });
});

describe('the CLI names each signer’s checks', () => {
  it('with the phone masked, and nothing for a signer without any (or from before they were kept)', () => {
    const signer = { email: 'a@example.com', role: 'signer', order: 1, progress: 'invited' as const };
    const base = { ...signer, viewedAt: null, decidedAt: null, decisionNote: null };
    expect(
      formatSigner({ ...base, verification: [{ type: 'phone', maskedPhone: '+1•••••••90' }, { type: 'password' }] }),
    ).toBe('a@example.com (signer, order 1): invited · verified by phone +1•••••••90 + password');
    expect(formatSigner({ ...base, verification: [] })).toBe('a@example.com (signer, order 1): invited');
    expect(formatSigner(base)).toBe('a@example.com (signer, order 1): invited');
  });
});

describe('a request against its Box Sign template', () => {
  const template: BoxSignTemplate = {
    type: 'sign-template',
    id: 'tpl-1',
    are_email_settings_locked: true,
    signers: [
      { email: 'sender@example.com', role: 'final_copy_reader', order: 0 },
      { email: null, role: 'signer', order: 1, is_phone_number_required: true },
      { email: null, role: 'approver', order: 2, is_password_required: true, login_required: true },
    ],
  };
  const fits: SignerInput[] = [
    { email: 'tenant@example.com', verificationMethod: { type: 'phone', phoneNumber: PHONE } },
    { email: 'boss@example.com', role: 'approver', password: 'pw', loginRequired: true },
  ];
  const templated = (signers: SignerInput[], extra: Partial<SignRequestInput> = {}): SignRequestInput => {
    const { sourceFiles: _none, ...rest } = request(signers, extra);
    return { ...rest, templateId: 'tpl-1' };
  };

  it('accepts an input that gives what every template signer requires', () => {
    expect(templateMismatches(templated(fits), template)).toEqual([]);
  });

  it('names the template signer by position, role and order, never an e-mail, and the field that fixes it', () => {
    const problems = templateMismatches(
      templated([{ email: 'tenant@example.com' }, { email: 'boss@example.com', role: 'signer' }], {
        emailSubject: 'Hi',
      }),
      template,
    );
    expect(problems).toEqual([
      'template signer 1 (signer, order 1) requires a phone: give signers[0].verificationMethod {type: "phone", phoneNumber}',
      'template signer 2 (approver, order 2) is a approver: signers[1].role must match',
      'template signer 2 (approver, order 2) requires a password: give signers[1].password',
      'template signer 2 (approver, order 2) requires a Box login: give signers[1].verificationMethod {type: "login"}',
      'the template locks emailSubject: leave it out',
    ]);
    expect(problems.join(' ')).not.toContain('@example.com');
  });

  it('counts the signers the request must list', () => {
    expect(templateMismatches(templated([fits[0]!]), template)[0]).toMatch(/has 2 signer\(s\).*lists 1/);
  });
});
