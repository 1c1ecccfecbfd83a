import type {
  PlaintextSignRequestInput,
  PlaintextVerificationMethod,
  SignerInput,
  SignRequestInput,
  ValidationIssue,
} from '../contracts';
import { isSealedSecret, maskPhoneNumber } from '../contracts';
import { openedSecretIssues } from './opened-secrets';
import type { SealingContext, SealingPrivateKeys } from './sealing';
import { UnsealError, sealSecret, unsealSecret } from './sealing';
import type { SecretSealing } from './sealing-keys';

/**
 * Every signer's password and phone number sealed to the workers' public key, where a request enters the system
 * (after validation: the starter knows the plaintext). A value already sealed (a business system that seals
 * itself) is kept as it is.
 */
export function sealSignRequestInput(input: SignRequestInput, sealing: SecretSealing): SignRequestInput {
  if (sealing.mode === 'insecure-plaintext') return input;
  const { publicKey } = sealing;
  return {
    ...input,
    signers: input.signers.map((signer) => {
      const context = (field: SealingContext['field']) => contextOf(input, signer, field);
      const { password, verificationPhoneNumber: phone, verificationMethod: method } = signer;
      const sealPhone = (number: string, field: SealingContext['field']) => ({
        sealed: sealSecret(number, publicKey, context(field)),
        masked: maskPhoneNumber(number),
      });
      return omitUndefined({
        ...signer,
        password:
          typeof password === 'string' ? { sealed: sealSecret(password, publicKey, context('password')) } : password,
        verificationPhoneNumber: typeof phone === 'string' ? sealPhone(phone, 'verificationPhoneNumber') : phone,
        verificationMethod:
          method?.type === 'phone' && typeof method.phoneNumber === 'string'
            ? { type: 'phone' as const, phoneNumber: sealPhone(method.phoneNumber, 'verificationMethod.phoneNumber') }
            : method,
      });
    }),
  };
}

/** A secret of the input that does not open: which one and why, never a value. */
export class SealedSecretError extends Error {
  override readonly name = 'SealedSecretError';
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field} ${reason}`);
  }
}

/** A secret that opened but breaks a rule a plain one would have been refused for (opened-secrets.ts). */
export class OpenedSecretInvalidError extends Error {
  override readonly name = 'OpenedSecretInvalidError';
  constructor(readonly issues: ValidationIssue[]) {
    super(issues.map((issue) => `${issue.field} ${issue.rule}`).join('; '));
  }
}

/**
 * The input as Box must receive it, inside the activity that calls Box and nowhere else. Values that were never
 * sealed (requests started before sealing existed, or in insecure development mode) are used as they are; values
 * that were are checked again once open (OpenedSecretInvalidError).
 */
export function unsealSignRequestInput(
  input: SignRequestInput,
  privateKeys: SealingPrivateKeys,
): PlaintextSignRequestInput {
  const opened = openSignRequestInput(input, privateKeys);
  const issues = openedSecretIssues(input, opened);
  if (issues.length > 0) throw new OpenedSecretInvalidError(issues);
  return opened;
}

function openSignRequestInput(input: SignRequestInput, privateKeys: SealingPrivateKeys): PlaintextSignRequestInput {
  return {
    ...input,
    signers: input.signers.map((signer, index) => {
      const open = (field: SealingContext['field'], value: SignerInput['password' | 'verificationPhoneNumber']) => {
        if (!isSealedSecret(value)) return value;
        try {
          return unsealSecret(value.sealed, privateKeys, contextOf(input, signer, field));
        } catch (err) {
          if (err instanceof UnsealError) throw new SealedSecretError(`signers[${index}].${field}`, err.message);
          throw err;
        }
      };
      return omitUndefined({
        ...signer,
        password: open('password', signer.password),
        verificationPhoneNumber: open('verificationPhoneNumber', signer.verificationPhoneNumber),
        verificationMethod: unsealedMethod(signer.verificationMethod, (phone) =>
          open('verificationMethod.phoneNumber', phone),
        ),
      });
    }),
  };
}

function unsealedMethod(
  method: SignerInput['verificationMethod'],
  open: (phone: SignerInput['verificationPhoneNumber']) => string | undefined,
): PlaintextVerificationMethod | undefined {
  if (method?.type !== 'phone') return method;
  return { type: 'phone', phoneNumber: open(method.phoneNumber) ?? '' };
}

function contextOf(input: SignRequestInput, signer: SignerInput, field: SealingContext['field']): SealingContext {
  return { businessKey: input.businessKey, signerEmail: signer.email, field };
}

function omitUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
