import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Harness } from '../support/harness';
import { BUILT, runBuilt } from '../support/run-built';
import { signRequest, startHarness } from '../support/harness';
import { boxRequestFor, eventually } from '../support/signers';
import { Client } from '@temporalio/client';
import { getSignRequestStatus, signRequestStartOptions } from '../../client';
import { createDataConverter } from '../../config/data-converter';
import { SIGN_REQUEST_WORKFLOW_TYPE } from '../../contracts';
import { generateKeyRing } from '../../encryption/key-ring';

describe('the box-sign CLI', () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    h = await startHarness();
    dir = mkdtempSync(join(tmpdir(), 'box-sign-cli-'));
  }, 60_000);
  afterAll(() => h?.teardown());

  function cli(args: string[], extraEnv: Record<string, string> = {}, input?: string) {
    const env = { TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS, BOX_SIGN_TASK_QUEUE: h.taskQueue };
    return runBuilt(BUILT.cli, args, { ...env, ...h.encryptionEnv, ...extraEnv }, { input });
  }

  function inputFile(content: unknown): string {
    const path = join(dir, `${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, JSON.stringify(content));
    return path;
  }

  it('bad input prints one line naming the field and exits 2, starting nothing', async () => {
    const bad = signRequest({ signers: [{ email: 'x@example.com', verificationPhoneNumber: '555 1234' }] });
    const run = await cli(['start', '--input', inputFile(bad)]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('signers[0].verificationPhoneNumber');
    expect(run.stderr).not.toContain('555 1234');
    expect(await h.control.calls()).toEqual([]);
  });

  it('start takes the password from an env var, status shows progress, result waits for the outcome', async () => {
    const email = 'cli@example.com';
    const request = signRequest({ signers: [{ email }] });
    const started = await cli(
      ['start', '--input', inputFile(request), '--password-env', `${email}=SIGNER_PW`, '--json'],
      {
        SIGNER_PW: 'from-the-env',
      },
    );
    expect(started.stderr).toBe('');
    expect(started.code).toBe(0);
    const { workflowId } = JSON.parse(started.stdout) as { workflowId: string };
    expect(workflowId).toBe(`box-sign-${request.businessKey}`);

    const id = await boxRequestFor(h.control, workflowId);
    expect((await h.control.signer(id, email, 'verify', { password: 'wrong' })).status).toBe(403);
    expect((await h.control.signer(id, email, 'verify', { password: 'from-the-env' })).status).toBe(200);

    // The workflow sees Box's `sent` on its next poll, a moment after the emulator shows it.
    const status = await eventually(
      () => cli(['status', workflowId]),
      (run) => run.code !== 0 || /box status:\s+(sent|viewed)/.test(run.stdout),
    );
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/box status:\s+(sent|viewed)/);

    await h.control.signer(id, email, 'sign');
    const result = await cli(['result', workflowId, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ outcome: 'signed', signRequestId: id });
  });

  it('the password can come from stdin', async () => {
    const email = 'stdin@example.com';
    const request = signRequest({ signers: [{ email }] });
    const started = await cli(
      ['start', '--input', inputFile(request), '--password-stdin', email],
      {},
      'piped-secret\n',
    );
    expect(started.code).toBe(0);
    const id = await boxRequestFor(h.control, started.stdout.trim());
    expect((await h.control.signer(id, email, 'verify', { password: 'piped-secret' })).status).toBe(200);
  });

  it('start again with the same input is "already started" (exit 0); with a different input it is refused (exit 2)', async () => {
    const request = signRequest({ signers: [{ email: 'typo@example.con', password: 'pw' }] });
    const first = await cli(['start', '--input', inputFile(request)]);
    expect(first.code).toBe(0);
    const workflowId = first.stdout.trim();

    const again = await cli(['start', '--input', inputFile(request)]);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout.trim()).toBe(`${workflowId} (already started)`);

    const fixed = { ...request, signers: [{ email: 'typo@example.com', password: 'pw' }] };
    const refused = await cli(['start', '--input', inputFile(fixed)]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(
      new RegExp(
        `^box-sign: businessKey is already used by ${workflowId}, started with a different input: .*another businessKey[^\n]*\n$`,
      ),
    );
    await boxRequestFor(h.control, workflowId);
    expect(await h.control.findByExternalId(workflowId)).toHaveLength(1);
  });

  it('an unknown workflow id is one line and exit 1', async () => {
    const run = await cli(['status', 'box-sign-no-such-key']);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('watch prints one line per change until the request ends, then the outcome', async () => {
    const email = 'watch@example.com';
    const workflowId = await h.start(signRequest({ signers: [{ email, password: 'pw' }] }));
    const id = await boxRequestFor(h.control, workflowId);
    // The signer acts only once watch has printed the state before it, so no change can pass unseen by a CLI
    // process that is still starting on a busy machine.
    let printed = '';
    const shown = (pattern: RegExp) =>
      eventually(
        () => Promise.resolve(printed),
        (out) => pattern.test(out),
        30_000,
      );
    const watching = runBuilt(
      BUILT.cli,
      ['watch', workflowId],
      { TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS, BOX_SIGN_TASK_QUEUE: h.taskQueue, ...h.encryptionEnv },
      { onStdout: (out) => (printed = out) },
    );
    await shown(/ sent — /);
    await h.control.signer(id, email, 'verify', { password: 'pw' });
    await h.control.signer(id, email, 'view');
    await shown(/ viewed — /);
    await h.control.signer(id, email, 'sign');

    const run = await watching;
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.some((l) => / sent — watch@example.com \(signer, order 1\): invited/.test(l))).toBe(true);
    expect(lines.some((l) => / viewed — watch@example.com \(signer, order 1\): viewed/.test(l))).toBe(true);
    expect(lines).toContain(`  ${email}: signed at ${(await h.result(workflowId)).signers[0]?.decidedAt}`);
    expect(lines).toContain(`outcome: signed (sign request ${id})`);
    expect(new Set(lines).size).toBe(lines.length);
  });

  it('cancel --reason cancels on Box; resend inside the cool-down is refused in one line; list finds by status', async () => {
    const workflowId = await h.start(signRequest({ signers: [{ email: 'steer@example.com', password: 'pw' }] }));
    const id = await boxRequestFor(h.control, workflowId);
    await eventually(
      () => getSignRequestStatus(h.client, workflowId),
      (s) => s.boxStatus === 'sent',
    );
    await eventually(
      async () => (await cli(['list', '--status', 'sent', '--json'])).stdout,
      (out) => (JSON.parse(out) as { workflowId: string }[]).some((r) => r.workflowId === workflowId),
    );

    const resend = await cli(['resend', workflowId]);
    expect(resend.code).toBe(1);
    expect(resend.stderr).toMatch(/^box-sign: resend rejected: .*next resend is possible at \S+\n$/);

    const cancel = await cli(['cancel', workflowId, '--reason', 'deal fell through']);
    expect(cancel.stderr).toBe('');
    expect(cancel.code).toBe(0);
    expect(cancel.stdout.trim()).toBe(`cancelled: Box request ${id} is cancelled`);
    expect((await h.control.request(id)).cancel_reason).toBe('deal fell through');
    await eventually(
      async () => (await cli(['list', '--status', 'cancelled'])).stdout,
      (out) => out.includes(workflowId),
    );
  });

  it('list shows a request whose memo is under a payload key the CLI does not hold, instead of failing', async () => {
    const otherKeys = createDataConverter({ mode: 'encrypted', keyRing: generateKeyRing('retired') });
    const elsewhere = new Client({ connection: h.client.connection, dataConverter: otherKeys });
    const input = signRequest({ signers: [{ email: 'retired@example.com', password: 'pw' }] });
    const options = signRequestStartOptions(input, {
      taskQueue: `${h.taskQueue}-idle`,
      sealing: h.sealing,
      memo: { a: 1 },
    });
    const { workflowId } = await elsewhere.workflow.start(SIGN_REQUEST_WORKFLOW_TYPE, options);
    try {
      const listed = await eventually(
        () => cli(['list', '--json', '--all']),
        (run) => run.code !== 0 || run.stdout.includes(workflowId),
      );
      expect(listed.stderr).toBe('');
      expect(listed.code).toBe(0);
    } finally {
      await elsewhere.workflow.getHandle(workflowId).terminate('test');
    }
  });
});
