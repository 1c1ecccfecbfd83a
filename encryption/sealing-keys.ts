import type { KeyObject } from 'node:crypto';
import { createPublicKey } from 'node:crypto';
import { ConfigError } from '../config/config-error';
import { SettingsReader } from '../config/reader';
import { fileVariable } from '../config/setting';
import { ENCRYPTION_SETTINGS } from '../config/settings/encryption';
import { ENCRYPTION_CONFIG, ENCRYPTION_ENV, hasSetting } from './key-config';
import { parseKeyEntries } from './key-entries';
import type { SealingPrivateKeys, SealingPublicKey } from './sealing';
import { generateSealingKeyPair, privateKeyFromRaw, publicKeyFromRaw } from './sealing';

/**
 * The keys of sealed signer secrets. Starters (client library, CLI, HTTP API) hold only the workers' active public
 * key; workers hold the private keys, the active pair's and the older ones that running requests were sealed with.
 * The codec server and the Web UI hold neither, so decoding a payload never shows a password or a phone number.
 */
const S = ENCRYPTION_SETTINGS;

export const SEALING_ENV = {
  publicKey: S.BOX_SIGN_SEALING_PUBLIC_KEY.name,
  privateKeys: S.BOX_SIGN_SEALING_PRIVATE_KEYS.name,
  privateKeysFile: fileVariable(S.BOX_SIGN_SEALING_PRIVATE_KEYS),
} as const;

/**
 * A sealed value is `bss1.<key id>.<ephemeral key>.<ciphertext>`: an id with a "." would split it wrongly, so every
 * value sealed with it would be refused as malformed. Refused where the key is configured instead.
 */
const SEALING_KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;
export const SEALING_KEY_ID_RULE =
  'a sealing key id is 1-64 letters, digits, "_" or "-" (no ".": it separates the parts of a sealed value)';

export function isValidSealingKeyId(id: string): boolean {
  return SEALING_KEY_ID.test(id);
}

const X25519_RULES = {
  bytes: 32,
  algorithm: 'X25519',
  hint: 'generate a pair with: box-sign keygen --id <id>',
  keyId: { valid: isValidSealingKeyId, rule: SEALING_KEY_ID_RULE },
};

/** How a starter treats signer secrets: sealed to the workers' key, or (development only) left as they are. */
export type SecretSealing = { mode: 'sealed'; publicKey: SealingPublicKey } | { mode: 'insecure-plaintext' };

/** BOX_SIGN_SEALING_PUBLIC_KEY (`id:base64`); without it only BOX_SIGN_INSECURE_PLAINTEXT_PAYLOADS=true starts. */
export function loadSecretSealing(env: NodeJS.ProcessEnv = process.env): SecretSealing {
  const reader = new SettingsReader(env);
  const insecure = reader.get(S.BOX_SIGN_INSECURE_PLAINTEXT_PAYLOADS);
  const text = reader.get(S.BOX_SIGN_SEALING_PUBLIC_KEY);
  if (text === undefined) {
    if (insecure && reader.problems.length === 0) return { mode: 'insecure-plaintext' };
    if (!insecure) {
      reader.problem(
        `no sealing key: set ${SEALING_ENV.publicKey} to the workers' public key (id:base64, ${X25519_RULES.hint}); ` +
          `only for local development without encryption, ${ENCRYPTION_ENV.insecurePlaintext}=true`,
      );
    }
    throw new ConfigError(ENCRYPTION_CONFIG, reader.problems);
  }
  const keys = parseKeyEntries(text, SEALING_ENV.publicKey, X25519_RULES, reader.problems);
  if (keys !== undefined && keys.size !== 1) reader.problem(`${SEALING_ENV.publicKey} holds one key: the active one`);
  const [entry] = keys ?? [];
  return reader.finish(
    ENCRYPTION_CONFIG,
    () => entry && { mode: 'sealed', publicKey: { keyId: entry[0], key: publicKeyFromRaw(entry[1]) } },
  );
}

/**
 * BOX_SIGN_SEALING_PRIVATE_KEYS or BOX_SIGN_SEALING_PRIVATE_KEYS_FILE (`id:base64` entries). Empty only with
 * BOX_SIGN_INSECURE_PLAINTEXT_PAYLOADS=true: such a worker fails every sealed request, saying why.
 */
export function loadSealingPrivateKeys(env: NodeJS.ProcessEnv = process.env): SealingPrivateKeys {
  const reader = new SettingsReader(env);
  const insecure = reader.get(S.BOX_SIGN_INSECURE_PLAINTEXT_PAYLOADS);
  const keyText = reader.secretText(S.BOX_SIGN_SEALING_PRIVATE_KEYS);
  if (keyText === undefined) {
    if (insecure && reader.problems.length === 0) return new Map();
    if (!insecure && !hasSetting(env, SEALING_ENV.privateKeys, SEALING_ENV.privateKeysFile)) {
      reader.problem(
        `no sealing private key: set ${SEALING_ENV.privateKeys} or ${SEALING_ENV.privateKeysFile} ` +
          `(id:base64 entries, ${X25519_RULES.hint}); only for local development without encryption, ` +
          `${ENCRYPTION_ENV.insecurePlaintext}=true`,
      );
    }
    throw new ConfigError(ENCRYPTION_CONFIG, reader.problems);
  }
  const raw = parseKeyEntries(keyText.text, keyText.source, X25519_RULES, reader.problems);
  return reader.finish(
    ENCRYPTION_CONFIG,
    () => raw && new Map([...raw].map(([id, key]) => [id, privateKeyFromRaw(key)])),
  );
}

/**
 * The sealing a worker does itself (the Nexus entrance): to the public key of its active private key, the first
 * listed; none held (insecure development) leaves secrets as they are, as such a starter does.
 */
export function sealingOf(privateKeys: SealingPrivateKeys | undefined): SecretSealing {
  const [active] = privateKeys ?? new Map<string, KeyObject>();
  if (active === undefined) return { mode: 'insecure-plaintext' };
  const [keyId, privateKey] = active;
  return { mode: 'sealed', publicKey: { keyId, key: createPublicKey(privateKey) } };
}

export interface SealingKeyPairText {
  /** For the workers: BOX_SIGN_SEALING_PRIVATE_KEYS (add it before the older entries to rotate). */
  privateEntry: string;
  /** For the starters: BOX_SIGN_SEALING_PUBLIC_KEY. */
  publicEntry: string;
}

export function generateSealingKeyPairText(keyId: string): SealingKeyPairText {
  if (!isValidSealingKeyId(keyId)) throw new Error(SEALING_KEY_ID_RULE);
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
