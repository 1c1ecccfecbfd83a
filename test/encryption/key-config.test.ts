import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../config/config-error';
import { loadPayloadProtection } from '../../encryption/key-config';
import { loadWorkerConfig } from '../../worker/config';

const keyA = Buffer.alloc(32, 0xa1).toString('base64');
const keyB = Buffer.alloc(32, 0xb2).toString('base64');

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadPayloadProtection(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected an ConfigError');
}

describe('payload encryption keys from configuration', () => {
  it('reads a ring from BOX_SIGN_ENCRYPTION_KEYS with the active id, older ids kept for decryption', () => {
    const protection = loadPayloadProtection({
      BOX_SIGN_ENCRYPTION_KEYS: `k2:${keyB}, k1:${keyA}`,
      BOX_SIGN_ENCRYPTION_ACTIVE_KEY_ID: 'k2',
    });
    expect(protection.mode).toBe('encrypted');
    if (protection.mode !== 'encrypted') return;
    expect(protection.keyRing.activeKeyId).toBe('k2');
    expect([...protection.keyRing.keys.keys()]).toEqual(['k2', 'k1']);
    expect(protection.keyRing.keys.get('k1')?.toString('base64')).toBe(keyA);
  });

  it('takes the only key as active, and reads keys from a file (commas or lines, # comments)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keys-'));
    const file = join(dir, 'keys');
    writeFileSync(file, `# rotated 2026-11\nk2:${keyB}\nk1:${keyA}\n`);
    const fromFile = loadPayloadProtection({
      BOX_SIGN_ENCRYPTION_KEYS_FILE: file,
      BOX_SIGN_ENCRYPTION_ACTIVE_KEY_ID: 'k1',
    });
    expect(fromFile.mode === 'encrypted' && fromFile.keyRing.activeKeyId).toBe('k1');
    const single = loadPayloadProtection({ BOX_SIGN_ENCRYPTION_KEYS: `only:${keyA}` });
    expect(single.mode === 'encrypted' && single.keyRing.activeKeyId).toBe('only');
  });

  it('reports every malformed key at once, naming the key id and never echoing key material', () => {
    const short = Buffer.alloc(16, 3).toString('base64');
    const problems = problemsOf({
      BOX_SIGN_ENCRYPTION_KEYS: `short:${short},bad:not base64!,${keyA},dup:${keyA},dup:${keyB}`,
    });
    expect(problems).toEqual([
      expect.stringMatching(/key "short" .* is 16 bytes; AES-256 needs 32/),
      expect.stringMatching(/key "bad" .* is not base64/),
      expect.stringMatching(/entry 3 .* is not "id:base64"/),
      expect.stringMatching(/key id "dup" appears twice/),
    ]);
    for (const problem of problems) {
      for (const material of [short, keyA, keyB, 'not base64!']) expect(problem).not.toContain(material);
    }
  });

  it('asks for the active id when several keys are given, and refuses one that is not in the ring', () => {
    expect(problemsOf({ BOX_SIGN_ENCRYPTION_KEYS: `k2:${keyB},k1:${keyA}` })).toEqual([
      expect.stringContaining('set BOX_SIGN_ENCRYPTION_ACTIVE_KEY_ID'),
    ]);
    expect(
      problemsOf({ BOX_SIGN_ENCRYPTION_KEYS: `k2:${keyB},k1:${keyA}`, BOX_SIGN_ENCRYPTION_ACTIVE_KEY_ID: 'k3' }),
    ).toEqual([expect.stringContaining('BOX_SIGN_ENCRYPTION_ACTIVE_KEY_ID is not one of the key ids')]);
  });

  it('refuses both sources at once, an unreadable file, and an insecure flag next to keys', () => {
    expect(problemsOf({ BOX_SIGN_ENCRYPTION_KEYS: `k:${keyA}`, BOX_SIGN_ENCRYPTION_KEYS_FILE: '/x' })).toEqual(
      expect.arrayContaining([expect.stringContaining('not both')]),
    );
    expect(problemsOf({ BOX_SIGN_ENCRYPTION_KEYS_FILE: '/nonexistent/keys' })).toEqual([
      expect.stringContaining('cannot read /nonexistent/keys (ENOENT)'),
    ]);
    expect(problemsOf({ BOX_SIGN_ENCRYPTION_KEYS: `k:${keyA}`, BOX_SIGN_INSECURE_PLAINTEXT_PAYLOADS: 'true' })).toEqual(
      [expect.stringContaining('contradicts')],
    );
  });

  it('without a key, only the explicit insecure development flag gives plaintext payloads', () => {
    expect(problemsOf({})).toEqual([
      expect.stringContaining('no payload encryption key: set BOX_SIGN_ENCRYPTION_KEYS'),
    ]);
    expect(problemsOf({ BOX_SIGN_INSECURE_PLAINTEXT_PAYLOADS: 'yes' })).toEqual(
      expect.arrayContaining([expect.stringContaining('must be true or false')]),
    );
    expect(loadPayloadProtection({ BOX_SIGN_INSECURE_PLAINTEXT_PAYLOADS: 'true' })).toEqual({
      mode: 'insecure-plaintext',
    });
  });

  it('the worker refuses to start without a key, in the same one message as its other problems', () => {
    let error: unknown;
    try {
      loadWorkerConfig({ BOX_DEVELOPER_TOKEN: 't', LOG_LEVEL: 'loud' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('no payload encryption key'),
        expect.stringContaining('LOG_LEVEL'),
      ]),
    );
  });
});
