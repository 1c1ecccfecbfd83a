import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPayloadProtection } from '../../client/cli/local-stack-key';
import { ConfigError } from '../../config/config-error';
import { formatKeyRing, generateKeyRing } from '../../encryption/key-ring';
import { PROJECT_ROOT } from '../../scripts/tools';

describe("the CLI's payload key when none is configured", () => {
  const ring = generateKeyRing('stack-key');
  const stackDir = mkdtempSync(join(tmpdir(), 'box-sign-stack-'));
  writeFileSync(join(stackDir, 'encryption-key'), formatKeyRing(ring));
  const emptyStackDir = mkdtempSync(join(tmpdir(), 'box-sign-no-stack-'));

  function protectionFor(env: NodeJS.ProcessEnv, cwd: string) {
    const notes: string[] = [];
    try {
      return { protection: cliPayloadProtection(env, cwd, (line) => notes.push(line)), notes };
    } catch (err) {
      return { error: err as Error, notes };
    }
  }

  it("inside the checkout, the local stack's key is used and said so in one line", () => {
    const { protection, notes } = protectionFor({ STACK_DIR: stackDir }, PROJECT_ROOT);
    expect(protection).toMatchObject({ mode: 'encrypted', keyRing: { activeKeyId: ring.activeKeyId } });
    expect(notes).toEqual([`using the local stack's key: ${join(stackDir, 'encryption-key')}`]);
  });

  it('a configured key wins over the local stack, silently', () => {
    const other = generateKeyRing('configured');
    const { protection, notes } = protectionFor(
      { STACK_DIR: stackDir, BOX_SIGN_ENCRYPTION_KEYS: formatKeyRing(other) },
      PROJECT_ROOT,
    );
    expect(protection).toMatchObject({ keyRing: { activeKeyId: other.activeKeyId } });
    expect(notes).toEqual([]);
  });

  it('outside the checkout, or with no stack key, the message names both variables and the local file', () => {
    for (const [env, cwd] of [
      [{ STACK_DIR: stackDir }, tmpdir()],
      [{ STACK_DIR: emptyStackDir }, PROJECT_ROOT],
    ] as const) {
      const { error, notes } = protectionFor(env, cwd);
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('; ');
      expect(problems).toContain('BOX_SIGN_ENCRYPTION_KEYS ');
      expect(problems).toContain('BOX_SIGN_ENCRYPTION_KEYS_FILE');
      expect(problems).toContain('encryption-key, written by npm run stack:up');
      expect(notes).toEqual([]);
    }
  });
});
