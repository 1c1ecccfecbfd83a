import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { sha256Hex } from '../../config/api-clients';
import { formatKeyRing, generateKeyRing } from '../../encryption/key-ring';
import { generateSealingKeyPairText } from '../../encryption/sealing-keys';
import type { StackInfo } from './info';

/** A local key and codec token on first use; kept afterwards, so workflows in the SQLite file stay readable. */
export function ensureLocalSecrets(info: StackInfo): void {
  if (!existsSync(info.encryptionKeysFile)) {
    const keyRing = generateKeyRing(`local-${randomBytes(3).toString('hex')}`);
    writeFileSync(info.encryptionKeysFile, `${formatKeyRing(keyRing)}\n`, { mode: 0o600 });
  }
  if (!existsSync(info.sealingPrivateKeysFile) || !existsSync(info.sealingPublicKeyFile)) {
    const pair = generateSealingKeyPairText(`local-${randomBytes(3).toString('hex')}`);
    writeFileSync(info.sealingPrivateKeysFile, `${pair.privateEntry}\n`, { mode: 0o600 });
    writeFileSync(info.sealingPublicKeyFile, `${pair.publicEntry}\n`, { mode: 0o600 });
  }
  if (!existsSync(info.codecTokenFile)) {
    writeFileSync(info.codecTokenFile, `${randomBytes(24).toString('hex')}\n`, { mode: 0o600 });
  }
  for (const file of [info.webhookKeyFiles.primary, info.webhookKeyFiles.secondary]) {
    if (!existsSync(file)) writeFileSync(file, `${randomBytes(24).toString('base64')}\n`, { mode: 0o600 });
  }
  if (!existsSync(info.apiKeyFile) || !existsSync(info.apiKeysFile)) {
    const key = randomBytes(24).toString('base64url');
    const clients = [
      { name: 'local', keySha256: sha256Hex(key), callbackSecret: `whsec_${randomBytes(32).toString('base64')}` },
    ];
    writeFileSync(info.apiKeysFile, `${JSON.stringify({ clients }, null, 2)}\n`, { mode: 0o600 });
    writeFileSync(info.apiKeyFile, `${key}\n`, { mode: 0o600 });
  }
}
