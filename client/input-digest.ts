import { createHash } from 'node:crypto';
import type { SignRequestInput } from '../contracts';
import { canonicalJson, isSealedSecret, maskPhoneNumber } from '../contracts';

/** Where every starter keeps the digest of the input it started with: what "the same input again" is. */
export const INPUT_DIGEST_MEMO_KEY = 'inputDigest';

/**
 * A SHA-256 of the input's canonical JSON with each signer's secrets blinded: a password counts only as present, a
 * phone number as its mask (what operators already see). Whoever reads the memo could otherwise try guesses of a
 * password or a phone number against it. So two inputs that differ only inside a password or the masked digits of a
 * phone number count as the same; any other difference (a fixed e-mail, a name, a file, a signer more) does not.
 */
export function inputDigest(input: SignRequestInput): string {
  const blinded = {
    ...input,
    signers: input.signers.map((signer) => ({
      ...signer,
      password: signer.password === undefined ? undefined : '(password)',
      verificationPhoneNumber: blindPhone(signer.verificationPhoneNumber),
      verificationMethod:
        signer.verificationMethod?.type === 'phone'
          ? { type: 'phone', phoneNumber: blindPhone(signer.verificationMethod.phoneNumber) }
          : signer.verificationMethod,
    })),
  };
  return createHash('sha256').update(canonicalJson(blinded), 'utf8').digest('hex');
}

/**
 * Whether the workflow was started with a different input: false when it was the same, and when it carries no digest
 * (started before digests were kept, or straight through Temporal) — then nothing tells them apart.
 */
export function startedWithOtherInput(memo: Record<string, unknown> | undefined, input: SignRequestInput): boolean {
  const stored = memo?.[INPUT_DIGEST_MEMO_KEY];
  return typeof stored === 'string' && stored !== inputDigest(input);
}

type Phone = SignRequestInput['signers'][number]['verificationPhoneNumber'];

function blindPhone(phone: Phone): string | undefined {
  if (phone === undefined) return undefined;
  if (typeof phone === 'string') return maskPhoneNumber(phone);
  return isSealedSecret(phone) && 'masked' in phone && typeof phone.masked === 'string' ? phone.masked : '(sealed)';
}

/**
 * A reissue's corrected signers, blinded as above: what "the same reissue again" is (a retry does one reissue). The
 * signers are digested as an input of their own, so the digest never equals a whole input's.
 */
export function signersDigest(businessKey: string, signers: SignRequestInput['signers']): string {
  return inputDigest({ businessKey, signers } as SignRequestInput);
}
