import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SignRequestInput } from '../../contracts';
import type { Harness } from '../support/harness';
import { signRequest, startHarness, workflowIdForBusinessKey } from '../support/harness';
import { BUILT, runBuilt } from '../support/run-built';
import { boxRequestFor } from '../support/signers';

describe('box-sign start --batch', () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    h = await startHarness();
    dir = mkdtempSync(join(tmpdir(), 'box-sign-batch-'));
  }, 60_000);
  afterAll(() => h?.teardown());

  /** The built CLI as its own process: its stdout and stderr are pipes, not a terminal. */
  function cli(args: string[]) {
    const env = { TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS, BOX_SIGN_TASK_QUEUE: h.taskQueue };
    return runBuilt(BUILT.cli, args, { ...env, ...h.encryptionEnv });
  }

  function batchFile(lines: string[]): string {
    const path = join(dir, `${Math.random().toString(36).slice(2)}.jsonl`);
    writeFileSync(path, `${lines.join('\n')}\n`);
    return path;
  }

  const valid = (email: string) => signRequest({ signers: [{ email, password: 'batch-secret' }] });
  const line = (input: SignRequestInput) => JSON.stringify(input);

  async function runIdOf(input: SignRequestInput): Promise<string> {
    return (await h.client.workflow.getHandle(workflowIdForBusinessKey(input.businessKey)).describe()).runId;
  }

  it('starts every line, prints plain progress lines and the summary, exits 0; run again, starts nothing new', async () => {
    const inputs = [valid('one@example.com'), valid('two@example.com'), valid('three@example.com')];
    const file = batchFile([line(inputs[0]!), '', line(inputs[1]!), '   ', line(inputs[2]!)]);

    const first = await cli(['start', '--batch', file]);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('started 3, already started 0, invalid 0, failed 0\n');
    expect(first.stderr).toContain('box-sign: 3/3 done: started 3, already started 0, invalid 0, failed 0\n');
    expect(first.stderr).not.toContain('\u001b['); // no bar drawn on a pipe
    for (const input of inputs) await boxRequestFor(h.control, workflowIdForBusinessKey(input.businessKey));
    const runIds = await Promise.all(inputs.map(runIdOf));

    const again = await cli(['start', '--batch', file]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('started 0, already started 3, invalid 0, failed 0\n');
    expect(await Promise.all(inputs.map(runIdOf))).toEqual(runIds);
    for (const input of inputs) {
      expect(await h.control.findByExternalId(workflowIdForBusinessKey(input.businessKey))).toHaveLength(1);
    }
  });

  it('invalid lines are named by line number, field and rule (never a value), the others start, exit 2', async () => {
    const good = valid('good@example.com');
    const badPhone = signRequest({ signers: [{ email: 'bad@example.com', verificationPhoneNumber: '555 0199' }] });
    const file = batchFile([line(good), '{"password": "hunter2" oops}', '', line(badPhone)]);

    const run = await cli(['start', '--batch', file]);

    expect(run.code).toBe(2);
    expect(run.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^line 2: invalid: input is not valid JSON \(syntax error at column \d+\)$/),
      expect.stringMatching(
        new RegExp(`^line 4 \\(${badPhone.businessKey}\\): invalid: signers\\[0\\]\\.verificationPhoneNumber `),
      ),
      'started 1, already started 0, invalid 2 (lines 2, 4), failed 0',
    ]);
    expect(run.stderr.trim().split('\n').at(-1)).toBe(
      'box-sign: 2 of 3 lines invalid: fix them and run the batch again (what started is skipped)',
    );
    for (const secret of ['hunter2', '555 0199', 'batch-secret']) {
      expect(run.stdout + run.stderr).not.toContain(secret);
    }
    await boxRequestFor(h.control, workflowIdForBusinessKey(good.businessKey));
    expect(await h.control.findByExternalId(workflowIdForBusinessKey(badPhone.businessKey))).toEqual([]);
  });

  it('--json prints every line’s outcome in file order', async () => {
    const a = valid('json-a@example.com');
    const b = valid('json-b@example.com');
    const run = await cli(['start', '--batch', batchFile([line(a), line(b), line(a)]), '--json', '--concurrency', '2']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      counts: { started: 2, alreadyStarted: 1, invalid: 0, failed: 0 },
      items: [
        { line: 1, businessKey: a.businessKey, status: 'started', workflowId: workflowIdForBusinessKey(a.businessKey) },
        { line: 2, businessKey: b.businessKey, status: 'started', workflowId: workflowIdForBusinessKey(b.businessKey) },
        {
          line: 3,
          businessKey: a.businessKey,
          status: 'alreadyStarted',
          workflowId: workflowIdForBusinessKey(a.businessKey),
        },
      ],
    });
  });

  it('a start that fails for another reason is named with why, and the batch exits 1', async () => {
    const input = valid('elsewhere@example.com');
    const env = {
      TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
      TEMPORAL_NAMESPACE: 'no-such-namespace',
      BOX_SIGN_TASK_QUEUE: h.taskQueue,
      ...h.encryptionEnv,
    };
    const run = await runBuilt(BUILT.cli, ['start', '--batch', batchFile([line(input)])], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`^line 1 \\(${input.businessKey}\\): failed: \\w+: .*namespace`, 'im'));
    expect(run.stdout).toContain('started 0, already started 0, invalid 0, failed 1 (line 1)');
    expect(run.stderr.trim().split('\n').at(-1)).toBe('box-sign: 1 of 1 starts failed: run the batch again to retry');
  });
});
