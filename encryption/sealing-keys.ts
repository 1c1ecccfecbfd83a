import { EncryptionConfigError } from './errors';
import { ENCRYPTION_ENV, insecurePlaintextChosen } from './key-config';
import { parseKeyEntries, readKeyText, readSetting } from './key-entries';
import type { SealingPrivateKeys, SealingPublicKey } from './sealing';
import { generateSealingKeyPair, privateKeyFromRaw, publicKeyFromRaw } from './sealing';

/**
 * The keys of sealed signer secrets. Starters (client library, CLI, HTTP API) hold only the workers' active public
 * key; workers hold the private keys, the active pair's and the older ones that running requests were sealed with.
 * The codec server and the Web UI hold neither, so decoding a payload never shows a password or a phone number.
 */
export const SEALING_ENV = {
  publicKey: 'BOX_SIGN_SEALING_PUBLIC_KEY',
  privateKeys: 'BOX_SIGN_SEALING_PRIVATE_KEYS',
  privateKeysFile: 'BOX_SIGN_SEALING_PRIVATE_KEYS_FILE',
} as const;

const X25519_RULES = { bytes: 32, algorithm: 'X25519', hint: 'generate a pair with: box-sign keygen --id <id>' };

/** How a starter treats signer secrets: sealed to the workers' key, or (development only) left as they are. */
export type SecretSealing = { mode: 'sealed'; publicKey: SealingPublicKey } | { mode: 'insecure-plaintext' };

/** BOX_SIGN_SEALING_PUBLIC_KEY (`id:base64`); without it only BOX_SIGN_INSECURE_PLAINTEXT_PAYLOADS=true starts. */
export function loadSecretSealing(env: NodeJS.ProcessEnv = process.env): SecretSealing {
  const problems: string[] = [];
  const insecure = insecurePlaintextChosen(env, problems);
  const text = readSetting(env, SEALING_ENV.publicKey);
  if (text === undefined) {
    if (insecure && problems.length === 0) return { mode: 'insecure-plaintext' };
    if (!insecure) {
      problems.push(
        `no sealing key: set ${SEALING_ENV.publicKey} to the workers' public key (id:base64, ${X25519_RULES.hint}); ` +
          `only for local development without encryption, ${ENCRYPTION_ENV.insecurePlaintext}=true`,
      );
    }
    throw new EncryptionConfigError(problems);
  }
  const keys = parseKeyEntries(text, SEALING_ENV.publicKey, X25519_RULES, problems);
  if (keys !== undefined && keys.size !== 1) problems.push(`${SEALING_ENV.publicKey} holds one key: the active one`);
  const [entry] = keys ?? [];
  if (problems.length > 0 || entry === undefined) throw new EncryptionConfigError(problems);
  return { mode: 'sealed', publicKey: { keyId: entry[0], key: publicKeyFromRaw(entry[1]) } };
}

/**
 * BOX_SIGN_SEALING_PRIVATE_KEYS or BOX_SIGN_SEALING_PRIVATE_KEYS_FILE (`id:base64` entries). Empty only with
 * BOX_SIGN_INSECURE_PLAINTEXT_PAYLOADS=true: such a worker fails every sealed request, saying why.
 */
export function loadSealingPrivateKeys(env: NodeJS.ProcessEnv = process.env): SealingPrivateKeys {
  const problems: string[] = [];
  const insecure = insecurePlaintextChosen(env, problems);
  const keyText = readKeyText(env, SEALING_ENV.privateKeys, SEALING_ENV.privateKeysFile, problems);
  if (keyText === null) {
    if (insecure && problems.length === 0) return new Map();
    if (!insecure) {
      problems.push(
        `no sealing private key: set ${SEALING_ENV.privateKeys} or ${SEALING_ENV.privateKeysFile} ` +
          `(id:base64 entries, ${X25519_RULES.hint}); only for local development without encryption, ` +
          `${ENCRYPTION_ENV.insecurePlaintext}=true`,
      );
    }
    throw new EncryptionConfigError(problems);
  }
  const raw = keyText && parseKeyEntries(keyText.text, keyText.source, X25519_RULES, problems);
  if (problems.length > 0 || !raw) throw new EncryptionConfigError(problems);
  return new Map([...raw].map(([id, key]) => [id, privateKeyFromRaw(key)]));
}

export interface SealingKeyPairText {
  /** For the workers: BOX_SIGN_SEALING_PRIVATE_KEYS (add it before the older entries to rotate). */
  privateEntry: string;
  /** For the starters: BOX_SIGN_SEALING_PUBLIC_KEY. */
  publicEntry: string;
}

export function generateSealingKeyPairText(keyId: string): SealingKeyPairText {
  const pair = generateSealingKeyPair();
  return {
    privateEntry: `${keyId}:${pair.privateKey.toString('base64')}`,
    publicEntry: `${keyId}:${pair.publicKey.toString('base64')}`,
  };
}

export interface SealingSetup {
  /** Both settings: BOX_SIGN_SEALING_PUBLIC_KEY for starters, BOX_SIGN_SEALING_PRIVATE_KEYS for workers. */
  env: Record<string, string>;
  sealing: SecretSealing;
  privateKeys: SealingPrivateKeys;
}

/** A fresh pair, as settings and loaded: the local stack, the chaos run and the tests. */
export function generateSealingSetup(keyId: string): SealingSetup {
  const pair = generateSealingKeyPairText(keyId);
  const env = { [SEALING_ENV.publicKey]: pair.publicEntry, [SEALING_ENV.privateKeys]: pair.privateEntry };
  return { env, sealing: loadSecretSealing(env), privateKeys: loadSealingPrivateKeys(env) };
}
