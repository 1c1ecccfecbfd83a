import { maskPhoneNumber } from '../../contracts';
import { sealSignRequestInput } from '../../encryption/seal-input';
import { generateSealingKeyPair, publicKeyFromRaw } from '../../encryption/sealing';
import { smsLine } from '../../scripts/demo-signers';

describe('one phone mask: the demo shows a phone number as the operator view does', () => {
  it.each(['+15551232190', '+447700900123', '+33612345678'])(
    "the demo's SMS line and the sealed input's masked number agree for %s",
    (phone) => {
      const { publicKey } = generateSealingKeyPair();
      const sealed = sealSignRequestInput(
        {
          businessKey: 'mask-1',
          sourceFiles: [{ id: '1' }],
          parentFolder: { id: '2' },
          signers: [{ email: 'pat@example.com', verificationPhoneNumber: phone }],
        },
        { mode: 'sealed', publicKey: { keyId: 'k', key: publicKeyFromRaw(publicKey) } },
      );
      const operatorSees = (sealed.signers[0]?.verificationPhoneNumber as { masked: string }).masked;
      expect(operatorSees).toBe(maskPhoneNumber(phone));
      expect(smsLine(phone, '123456')).toBe(`SMS to ${operatorSees}: code 123456`);
      expect(smsLine(phone, '123456')).not.toContain(phone.slice(2, -2));
    },
  );
});
