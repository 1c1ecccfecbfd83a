import { INPUT_DIGEST_MEMO_KEY, inputDigest, startedWithOtherInput } from '../../client/input-digest';
import type { SignRequestInput } from '../../contracts';
import { maskPhoneNumber } from '../../contracts';

const input: SignRequestInput = {
  businessKey: 'order-42',
  name: 'Contract',
  sourceFiles: [{ id: '1' }],
  parentFolder: { id: '2' },
  signers: [
    { email: 'ann@example.com', password: 'correct horse battery staple' },
    { email: 'bob@example.com', verificationPhoneNumber: '+15551232190' },
  ],
};

describe('the input digest: what "the same input again" is for a start', () => {
  it('is the same whatever order the keys were written in', () => {
    const reordered = Object.fromEntries(Object.entries(input).reverse()) as typeof input;
    expect(inputDigest(reordered)).toBe(inputDigest(input));
  });

  it('differs when any field outside the secrets differs', () => {
    const digests = [
      inputDigest(input),
      inputDigest({ ...input, name: 'Contract v2' }),
      inputDigest({ ...input, signers: [{ ...input.signers[0]!, email: 'ann@example.org' }, input.signers[1]!] }),
      inputDigest({ ...input, signers: [input.signers[0]!] }),
      inputDigest({ ...input, signers: [{ email: 'ann@example.com' }, input.signers[1]!] }),
    ];
    expect(new Set(digests).size).toBe(digests.length);
  });

  it('cannot be used to guess a secret: a password counts only as present, a phone number as its mask', () => {
    const otherPassword = { ...input, signers: [{ ...input.signers[0]!, password: 'hunter2' }, input.signers[1]!] };
    expect(inputDigest(otherPassword)).toBe(inputDigest(input));
    const sealedPhone = {
      ...input,
      signers: [
        input.signers[0]!,
        {
          email: 'bob@example.com',
          verificationPhoneNumber: { sealed: 'bss1.k.x', masked: maskPhoneNumber('+15551232190') },
        },
      ],
    };
    expect(inputDigest(sealedPhone)).toBe(inputDigest(input));
  });

  it('blinds the phone number inside a verificationMethod the same way: sealed or plain, only its mask counts', () => {
    const withMethod = (phoneNumber: string | { sealed: string; masked: string }) => ({
      ...input,
      signers: [
        input.signers[0]!,
        { email: 'bob@example.com', verificationMethod: { type: 'phone' as const, phoneNumber } },
      ],
    });
    const plain = inputDigest(withMethod('+15551232190'));
    expect(inputDigest(withMethod({ sealed: 'bss1.k.y', masked: maskPhoneNumber('+15551232190') }))).toBe(plain);
    expect(inputDigest(withMethod({ sealed: 'bss1.k.z', masked: maskPhoneNumber('+15551232190') }))).toBe(plain);
    expect(inputDigest(withMethod('+15559990000'))).not.toBe(plain);
  });

  it('a workflow without a digest (started before digests, or straight through Temporal) is never called different', () => {
    expect(startedWithOtherInput(undefined, input)).toBe(false);
    expect(startedWithOtherInput({ [INPUT_DIGEST_MEMO_KEY]: inputDigest(input) }, input)).toBe(false);
    expect(startedWithOtherInput({ [INPUT_DIGEST_MEMO_KEY]: inputDigest(input) }, { ...input, name: 'x' })).toBe(true);
  });
});
