import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT, runBuilt } from '../support/run-built';

const { worker: WORKER, cli: CLI } = BUILT;

function run(script: string, args: string[], env: Record<string, string>, until?: RegExp) {
  return runBuilt(script, args, env, { until });
}

const temporal = () => ({
  TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS ?? '',
  BOX_SIGN_TASK_QUEUE: `t-${randomUUID()}`,
});
const box = { BOX_DEVELOPER_TOKEN: 'emulator-developer-token', BOX_API_BASE_URL: 'http://127.0.0.1:9/2.0' };

describe('starting without an encryption key', () => {
  it('the worker refuses to start, naming the variables, and exits 2', async () => {
    const result = await run(WORKER, [], { ...temporal(), ...box });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Invalid worker configuration');
    expect(result.stderr).toContain('BOX_SIGN_ENCRYPTION_KEYS');
  });

  it('with the explicit insecure development flag the worker starts and logs a loud warning', async () => {
    const result = await run(
      WORKER,
      [],
      { ...temporal(), ...box, BOX_SIGN_INSECURE_PLAINTEXT_PAYLOADS: 'true' },
      /Worker started/,
    );
    const lines = result.stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: string; message: string; encryptionKeyId?: string });
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: 'warn',
          message: expect.stringMatching(/^INSECURE: payload encryption is OFF/),
        }),
        expect.objectContaining({ message: 'Worker started', encryptionKeyId: 'NONE' }),
      ]),
    );
  });

  it('the CLI refuses to run, in one line, and exits 2', async () => {
    // No local stack key either: STACK_DIR points where there is none.
    const noStack = { STACK_DIR: join(tmpdir(), `no-stack-${randomUUID()}`) };
    const result = await run(CLI, ['status', 'box-sign-anything'], { ...temporal(), ...noStack });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('box-sign: no payload encryption key: set BOX_SIGN_ENCRYPTION_KEYS');
  });
});
