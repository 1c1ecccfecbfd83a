import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SignRequestInput } from '../../contracts';
import {
  MASKED_PHONE_PATTERN,
  SEALED_SECRET_PATTERN,
  maskPhoneNumber,
  validateSignRequestInput,
} from '../../contracts';
import { ConfigError } from '../../config/config-error';
import {
  OpenedSecretInvalidError,
  SealedSecretError,
  sealSignRequestInput,
  unsealSignRequestInput,
} from '../../encryption/seal-input';
import type { SealingContext } from '../../encryption/sealing';
import { UnsealError, sealSecret, unsealSecret } from '../../encryption/sealing';
import {
  generateSealingKeyPairText,
  generateSealingSetup,
  loadSealingPrivateKeys,
  loadSecretSealing,
} from '../../encryption/sealing-keys';

const PASSWORD = 'pw-frank-7731';
const PHONE = '+15551232190';
const context: SealingContext = { businessKey: 'order-42', signerEmail: 'frank@example.com', field: 'password' };

function input(): SignRequestInput {
  return {
    businessKey: 'order-42',
    sourceFiles: [{ id: '1234567890' }],
    parentFolder: { id: '987654321' },
    signers: [
      { email: 'frank@example.com', password: PASSWORD },
      { email: 'pat@example.com', verificationPhoneNumber: PHONE, order: 2 },
      { email: 'copy@example.com', role: 'final_copy_reader' },
    ],
  };
}

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected an ConfigError');
}

describe('sealed signer secrets (X25519 + HKDF-SHA256 + AES-256-GCM)', () => {
  const setup = generateSealingSetup('k1');
  const publicKey = setup.sealing.mode === 'sealed' ? setup.sealing.publicKey : undefined;
  if (publicKey === undefined) throw new Error('expected a sealing key');

  it('opens with the private key, and names the version and the key id, never the value', () => {
    const sealed = sealSecret(PASSWORD, publicKey, context);
    expect(sealed).toMatch(SEALED_SECRET_PATTERN);
    expect(sealed.startsWith('bss1.k1.')).toBe(true);
    expect(sealed).not.toContain(PASSWORD);
    expect(unsealSecret(sealed, setup.privateKeys, context)).toBe(PASSWORD);
  });

  it('a fresh ephemeral key each time, and the length of the secret hidden by padding', () => {
    const a = sealSecret('a', publicKey, context);
    const b = sealSecret('a', publicKey, context);
    expect(a).not.toBe(b);
    expect(sealSecret('x'.repeat(29), publicKey, context).length).toBe(a.length);
  });

  it('does not open for another request, signer or field, altered, or without the key', () => {
    const sealed = sealSecret(PASSWORD, publicKey, context);
    for (const other of [
      { ...context, businessKey: 'order-43' },
      { ...context, signerEmail: 'eve@example.com' },
      { ...context, field: 'verificationPhoneNumber' as const },
    ]) {
      expect(() => unsealSecret(sealed, setup.privateKeys, other)).toThrow(/sealed for another request/);
    }
    const last = sealed.at(-2) === 'A' ? 'B' : 'A';
    const altered = `${sealed.slice(0, -2)}${last}${sealed.slice(-1)}`;
    expect(() => unsealSecret(altered, setup.privateKeys, context)).toThrow(UnsealError);
    const stranger = generateSealingSetup('k1');
    expect(() => unsealSecret(sealed, stranger.privateKeys, context)).toThrow(/does not open with key "k1"/);
    expect(() => unsealSecret(sealed, new Map(), context)).toThrow(/key id "k1", which this worker does not hold/);
    expect(() => unsealSecret('bss1.k1.short', setup.privateKeys, context)).toThrow(/not a well-formed/);
  });

  it('after a rotation, workers holding both private keys open values sealed with either', () => {
    const older = generateSealingKeyPairText('2026-11');
    const newer = generateSealingKeyPairText('2026-12');
    const workers = loadSealingPrivateKeys({
      BOX_SIGN_SEALING_PRIVATE_KEYS: `${newer.privateEntry},${older.privateEntry}`,
    });
    for (const pair of [older, newer]) {
      const sealing = loadSecretSealing({ BOX_SIGN_SEALING_PUBLIC_KEY: pair.publicEntry });
      if (sealing.mode !== 'sealed') throw new Error('expected a sealing key');
      expect(unsealSecret(sealSecret(PHONE, sealing.publicKey, context), workers, context)).toBe(PHONE);
    }
  });
});

describe('sealing a sign-request input', () => {
  const setup = generateSealingSetup('k1');

  it('seals every password and phone, masks the phone, and keeps the input valid', () => {
    const sealed = sealSignRequestInput(input(), setup.sealing);
    const json = JSON.stringify(sealed);
    expect(json).not.toContain(PASSWORD);
    expect(json).not.toContain(PHONE);
    expect(json).not.toContain(PHONE.slice(1));
    expect(sealed.signers[0]?.password).toEqual({ sealed: expect.stringMatching(SEALED_SECRET_PATTERN) });
    expect(sealed.signers[1]?.verificationPhoneNumber).toEqual({
      sealed: expect.stringMatching(SEALED_SECRET_PATTERN),
      masked: '+1•••••••90',
    });
    expect((sealed.signers[1]?.verificationPhoneNumber as { masked: string }).masked).toMatch(MASKED_PHONE_PATTERN);
    expect(sealed.signers[2]).toEqual({ email: 'copy@example.com', role: 'final_copy_reader' });
    expect(validateSignRequestInput(sealed)).toEqual([]);
    expect(unsealSignRequestInput(sealed, setup.privateKeys)).toEqual(input());
  });

  it('an unsealed (older) input is used as it is; insecure mode seals nothing', () => {
    expect(unsealSignRequestInput(input(), setup.privateKeys)).toEqual(input());
    expect(sealSignRequestInput(input(), { mode: 'insecure-plaintext' })).toEqual(input());
  });

  it('a secret that does not open names the signer position and the reason', () => {
    const sealed = sealSignRequestInput(input(), setup.sealing);
    const moved = { ...sealed, businessKey: 'order-other' };
    const failure = (() => {
      try {
        unsealSignRequestInput(moved, setup.privateKeys);
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(failure).toBeInstanceOf(SealedSecretError);
    expect((failure as SealedSecretError).field).toBe('signers[0].password');
    expect((failure as Error).message).toMatch(/^signers\[0\]\.password does not open with key "k1"/);
  });

  it('a value sealed by its sender is checked again once open: a blank password, a non-E.164 phone, a foreign mask', () => {
    if (setup.sealing.mode !== 'sealed') throw new Error('expected a sealing key');
    const { publicKey } = setup.sealing;
    const sealedBy = (field: SealingContext['field'], email: string, plaintext: string) =>
      sealSecret(plaintext, publicKey, { businessKey: 'order-42', signerEmail: email, field });
    const own = input();
    const tampered: SignRequestInput = {
      ...own,
      signers: [
        { email: 'frank@example.com', password: { sealed: sealedBy('password', 'frank@example.com', '   ') } },
        {
          email: 'pat@example.com',
          verificationPhoneNumber: {
            sealed: sealedBy('verificationPhoneNumber', 'pat@example.com', PHONE),
            masked: '+1•••••••91',
          },
        },
        {
          email: 'sam@example.com',
          verificationPhoneNumber: {
            sealed: sealedBy('verificationPhoneNumber', 'sam@example.com', '020 7946 0958'),
            masked: '+0•••••••58',
          },
        },
      ],
    };
    let failure: unknown;
    try {
      unsealSignRequestInput(tampered, setup.privateKeys);
    } catch (err) {
      failure = err;
    }
    expect(failure).toBeInstanceOf(OpenedSecretInvalidError);
    expect((failure as OpenedSecretInvalidError).issues.map((issue) => issue.field)).toEqual([
      'signers[0].password',
      'signers[2].verificationPhoneNumber',
      'signers[1].verificationPhoneNumber',
    ]);
    expect((failure as OpenedSecretInvalidError).issues[2]?.rule).toMatch(/own masked number/);
    expect(JSON.stringify((failure as OpenedSecretInvalidError).issues)).not.toMatch(/7946|0958/);
    // Its own mask, and a valid value: opens as before.
    const honest = sealSignRequestInput(own, setup.sealing);
    expect(unsealSignRequestInput(honest, setup.privateKeys)).toEqual(own);
  });

  it('the phone inside a verificationMethod is checked again once open, its mask too', () => {
    if (setup.sealing.mode !== 'sealed') throw new Error('expected a sealing key');
    const { publicKey } = setup.sealing;
    const methodPhone = (plaintext: string, masked: string): SignRequestInput['signers'][number] => ({
      email: 'pat@example.com',
      verificationMethod: {
        type: 'phone',
        phoneNumber: {
          sealed: sealSecret(plaintext, publicKey, {
            businessKey: 'order-42',
            signerEmail: 'pat@example.com',
            field: 'verificationMethod.phoneNumber',
          }),
          masked,
        },
      },
    });
    const own = input();
    const issuesOf = (signer: SignRequestInput['signers'][number]) => {
      try {
        unsealSignRequestInput({ ...own, signers: [signer] }, setup.privateKeys);
        return [];
      } catch (err) {
        if (!(err instanceof OpenedSecretInvalidError)) throw err;
        return err.issues;
      }
    };
    expect(issuesOf(methodPhone(PHONE, '+1•••••••91'))).toEqual([
      { field: 'signers[0].verificationMethod.phoneNumber', rule: expect.stringMatching(/own masked number/) },
    ]);
    expect(issuesOf(methodPhone('020 7946 0958', '+0•••••••58')).map((issue) => issue.field)).toEqual([
      'signers[0].verificationMethod.phoneNumber',
    ]);
    expect(issuesOf(methodPhone(PHONE, maskPhoneNumber(PHONE)))).toEqual([]);
  });

  it('the workflow refuses a malformed sealed value or mask with the field and the rule', () => {
    const sealed = sealSignRequestInput(input(), setup.sealing);
    const broken = {
      ...sealed,
      signers: [
        { email: 'frank@example.com', password: { sealed: 'not-sealed' } },
        { email: 'pat@example.com', verificationPhoneNumber: { sealed: 'bss1.x.y.z', masked: '+15551232190' } },
      ],
    };
    const issues = validateSignRequestInput(broken);
    expect(issues.map((i) => i.field)).toEqual([
      'signers[0].password.sealed',
      'signers[1].verificationPhoneNumber.sealed',
      'signers[1].verificationPhoneNumber.masked',
    ]);
    expect(JSON.stringify(issues)).not.toContain('5551232190');
  });
});

describe('sealing keys from configuration', () => {
  const pair = generateSealingKeyPairText('k1');

  it('starters need the public key, workers the private keys, unless insecure development mode is chosen', () => {
    expect(problemsOf(() => loadSecretSealing({}))).toEqual([
      expect.stringMatching(/^no sealing key: set BOX_SIGN_SEALING_PUBLIC_KEY/),
    ]);
    expect(problemsOf(() => loadSealingPrivateKeys({}))).toEqual([
      expect.stringMatching(/^no sealing private key: set BOX_SIGN_SEALING_PRIVATE_KEYS or /),
    ]);
    expect(loadSecretSealing({ BOX_SIGN_INSECURE_PLAINTEXT_PAYLOADS: 'true' })).toEqual({
      mode: 'insecure-plaintext',
    });
    expect(loadSealingPrivateKeys({ BOX_SIGN_INSECURE_PLAINTEXT_PAYLOADS: 'true' }).size).toBe(0);
  });

  it('reads the private keys from a file, and lists every problem without echoing a key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sealing-'));
    const file = join(dir, 'keys');
    writeFileSync(file, `# rotated\n${pair.privateEntry}\n`);
    expect([...loadSealingPrivateKeys({ BOX_SIGN_SEALING_PRIVATE_KEYS_FILE: file }).keys()]).toEqual(['k1']);

    const short = Buffer.alloc(16, 1).toString('base64');
    const problems = problemsOf(() =>
      loadSealingPrivateKeys({
        BOX_SIGN_SEALING_PRIVATE_KEYS: `a:${short},bad entry,${pair.privateEntry},${pair.privateEntry}`,
      }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^key "a" in BOX_SIGN_SEALING_PRIVATE_KEYS is 16 bytes; X25519 needs 32/),
      'entry 2 of BOX_SIGN_SEALING_PRIVATE_KEYS is not "id:base64"',
      'key id "k1" appears twice in BOX_SIGN_SEALING_PRIVATE_KEYS',
    ]);
    expect(JSON.stringify(problems)).not.toContain(short);
    expect(JSON.stringify(problems)).not.toContain(pair.privateEntry.slice(3));
    expect(
      problemsOf(() =>
        loadSecretSealing({
          BOX_SIGN_SEALING_PUBLIC_KEY: `${pair.publicEntry},${pair.publicEntry.replace('k1', 'k2')}`,
        }),
      ),
    ).toEqual(['BOX_SIGN_SEALING_PUBLIC_KEY holds one key: the active one']);
    expect(
      problemsOf(() =>
        loadSealingPrivateKeys({
          BOX_SIGN_SEALING_PRIVATE_KEYS: pair.privateEntry,
          BOX_SIGN_SEALING_PRIVATE_KEYS_FILE: file,
        }),
      ),
    ).toEqual(['set BOX_SIGN_SEALING_PRIVATE_KEYS or BOX_SIGN_SEALING_PRIVATE_KEYS_FILE, not both']);
  });

  it('a key id with the sealed value’s separator "." is a configuration error naming its entry, never the key', () => {
    const dotted = (entry: string) => entry.replace(/^k1:/, 'k.1:');
    const rule =
      'a sealing key id is 1-64 letters, digits, "_" or "-" (no ".": it separates the parts of a sealed value)';
    const privateProblems = problemsOf(() =>
      loadSealingPrivateKeys({
        BOX_SIGN_SEALING_PRIVATE_KEYS: `${pair.privateEntry.replace('k1', 'k2')},${dotted(pair.privateEntry)}`,
      }),
    );
    expect(privateProblems).toEqual([`entry 2 of BOX_SIGN_SEALING_PRIVATE_KEYS: ${rule}`]);
    expect(JSON.stringify(privateProblems)).not.toContain(pair.privateEntry.slice(3));
    expect(problemsOf(() => loadSecretSealing({ BOX_SIGN_SEALING_PUBLIC_KEY: dotted(pair.publicEntry) }))).toEqual([
      `entry 1 of BOX_SIGN_SEALING_PUBLIC_KEY: ${rule}`,
    ]);
    expect(() => generateSealingKeyPairText('2026.12')).toThrow(rule);
  });
});
