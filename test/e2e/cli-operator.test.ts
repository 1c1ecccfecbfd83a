import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getSignRequestStatus } from '../../client';
import type { SignRequestState } from '../../contracts';
import { formatKeyRing } from '../../encryption/key-ring';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { BUILT, runBuilt } from '../support/run-built';
import { boxRequestFor, eventually } from '../support/signers';

const CREATE = { method: 'POST', path: '/2.0/sign_requests' };

/** What an operator sees from the built CLI: listings, status text, failures, finished requests, the local key. */
describe('the box-sign CLI for operators', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterEach(() => h.control.clearFaults());
  afterAll(() => h?.teardown());

  const temporalEnv = () => ({ TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS, BOX_SIGN_TASK_QUEUE: h.taskQueue });
  function cli(args: string[], options: Parameters<typeof runBuilt>[3] = {}) {
    return runBuilt(BUILT.cli, args, { ...temporalEnv(), ...h.encryptionEnv }, options);
  }

  async function sentRequest(email: string) {
    const workflowId = await h.start(signRequest({ signers: [{ email, password: 'pw' }] }));
    const id = await boxRequestFor(h.control, workflowId);
    await eventually(
      () => getSignRequestStatus(h.client, workflowId),
      (s) => s.boxStatus === 'sent',
    );
    return { workflowId, id };
  }

  async function signed(email: string) {
    const { workflowId, id } = await sentRequest(email);
    await h.control.signer(id, email, 'verify', { password: 'pw' });
    await h.control.signer(id, email, 'sign');
    await h.result(workflowId);
    return { workflowId, id };
  }

  it('list has a header row and aligned columns, pages with --limit and --all, and says when more exist', async () => {
    const started = [await sentRequest('list1@example.com'), await sentRequest('list2@example.com')];
    const ids = started.map((s) => s.workflowId);
    const all = await eventually(
      () => cli(['list', '--all', '--json']),
      (run) => ids.every((id) => run.stdout.includes(id)),
    );
    expect(all.code).toBe(0);
    expect(all.stderr).toBe('');

    const page = await cli(['list', '--limit', '1']);
    expect(page.code).toBe(0);
    const lines = page.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^WORKFLOW ID +WORKFLOW +BOX STATUS +SIGN REQUEST +SENDER +STARTED$/);
    expect(page.stderr).toBe('box-sign: … more than 1 match; use --limit or --all\n');

    const table = (await cli(['list', '--limit', '5'])).stdout.trimEnd().split('\n');
    const header = table[0]!;
    for (const column of ['WORKFLOW', 'BOX STATUS', 'SIGN REQUEST', 'STARTED']) {
      const at = header.indexOf(` ${column}`) + 1;
      for (const row of table.slice(1)) {
        expect(row[at - 1]).toBe(' ');
        expect(row[at]).not.toBe(' ');
      }
    }
    expect(table.slice(1).some((row) => row.startsWith(`${ids[1]} `))).toBe(true);
  });

  it('list --status with a value Box does not have is an error naming the allowed statuses', async () => {
    const run = await cli(['list', '--status', 'bogus']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('converting, created, sent, viewed, finalizing, signed, declined, cancelled, expired');
  });

  it('status text shows checks, next check, resends, reminders and deadline while waiting; none of the sender', async () => {
    const email = 'status@example.com';
    const { workflowId, id } = await sentRequest(email);
    const waiting = await eventually(
      () => cli(['status', workflowId]),
      (run) => /next check \S+/.test(run.stdout),
    );
    expect(waiting.code).toBe(0);
    expect(waiting.stdout).toMatch(/^phase: +waiting$/m);
    expect(waiting.stdout).toMatch(/^box status: +sent$/m);
    expect(waiting.stdout).toMatch(
      /^checks: +\d+ so far, \d+ status change\(s\), last change seen \S+, next check \S+$/m,
    );
    expect(waiting.stdout).toMatch(/^resends: +none, next possible at \S+$/m);
    expect(waiting.stdout).toMatch(/^reminders: +0 sent$/m);
    expect(waiting.stdout).toMatch(/^deadline: +none$/m);
    expect(waiting.stdout).toContain(`  ${email} (signer, order 1): invited`);
    expect(waiting.stdout).not.toContain('last checked');
    const json = JSON.parse((await cli(['status', workflowId, '--json'])).stdout) as SignRequestState;
    const sender = json.signers.find((s) => s.role === 'final_copy_reader')?.email;
    expect(sender).toBeDefined();
    expect(waiting.stdout).not.toMatch(new RegExp(`^ +${sender!.replace(/[.]/g, '\\.')} `, 'm'));

    await h.control.signer(id, email, 'verify', { password: 'pw' });
    await h.control.signer(id, email, 'sign');
    await h.result(workflowId);
    const done = await cli(['status', workflowId]);
    expect(done.stdout).toMatch(/^phase: +completed$/m);
    expect(done.stdout).not.toContain('next check');
    expect(done.stdout).not.toMatch(/: waiting/);
    expect(done.stdout).toContain(`  ${email} (signer, order 1): signed at `);
  });

  it('a create Box rejects (403): result prints the type and message in one line and exits 1; status says failed', async () => {
    await h.control.addFault({ ...CREATE, status: 403, count: 1, code: 'access_denied_insufficient_permissions' });
    const workflowId = await h.start(signRequest({ signers: [{ email: 'rejected@example.com', password: 'pw' }] }));

    const result = await cli(['result', workflowId]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^box-sign: workflow failed: BoxRequestRejected: .*403[^\n]*\n$/);
    expect(result.stderr).not.toContain('Activity task failed');

    const json = await cli(['result', workflowId, '--json']);
    expect(json.code).toBe(1);
    const answer = JSON.parse(json.stdout) as { state: string; failure: { type: string; message: string } };
    expect(answer).toMatchObject({ state: 'failed', failure: { type: 'BoxRequestRejected' } });
    expect(answer.failure.message).toContain('403');

    const status = await cli(['status', workflowId]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^phase: +failed$/m);
    expect(status.stdout).toMatch(/^failure: +BoxRequestRejected: .*403/m);
    expect(status.stdout).not.toContain('next check');
  });

  it('while Box fails every create: status shows the retrying problem, result says so, watch follows the attempts', async () => {
    const fault = await h.control.addFault({ ...CREATE, status: 503, count: 1_000 });
    const email = 'stuck@example.com';
    const workflowId = await h.start(signRequest({ signers: [{ email, password: 'pw' }] }));

    let printed = '';
    const watching = runBuilt(
      BUILT.cli,
      ['watch', workflowId],
      { ...temporalEnv(), ...h.encryptionEnv },
      {
        onStdout: (out) => (printed = out),
      },
    );
    const status = await eventually(
      () => cli(['status', workflowId]),
      (run) => /attempt [2-9]/.test(run.stdout),
      30_000,
    );
    expect(status.stdout).toMatch(/^phase: +creating$/m);
    expect(status.stdout).toMatch(
      /^problem: +retrying createSignRequest: attempt \d+, last error BoxUnavailable: .*503.*, next attempt \S+$/m,
    );
    const json = JSON.parse((await cli(['status', workflowId, '--json'])).stdout) as SignRequestState;
    expect(json.retrying).toMatchObject({ activity: 'createSignRequest', lastErrorType: 'BoxUnavailable' });
    // The state counts finished rounds: the first attempt alone (create-retries-first), then five a round.
    expect(json.retrying!.attempts).toBeGreaterThanOrEqual(1);

    const waiting = await cli(['result', workflowId], { until: /still creating/ });
    expect(waiting.stderr).toMatch(
      /^box-sign: still creating: Box failing \(attempt \d+, BoxUnavailable: .*503.*\); waiting…\n/,
    );

    const retryAttempts = (out: string) => new Set(out.match(/retrying createSignRequest: attempt \d+/g) ?? []);
    await eventually(
      () => Promise.resolve(printed),
      (out) => retryAttempts(out).size >= 2,
      30_000,
    );
    await h.control.removeFault(fault.id);
    const id = await boxRequestFor(h.control, workflowId, 60_000);
    await eventually(
      () => getSignRequestStatus(h.client, workflowId),
      (s) => s.boxStatus === 'sent',
      30_000,
    );
    await h.control.signer(id, email, 'verify', { password: 'pw' });
    await h.control.signer(id, email, 'sign');
    const watched = await watching;
    expect(watched.code).toBe(0);
    expect(retryAttempts(watched.stdout).size).toBeGreaterThanOrEqual(2);
    expect(watched.stdout).toContain(`outcome: signed (sign request ${id})`);
  }, 120_000);

  it('a poll Box keeps failing is a problem too; the benign "nothing changed" is not', async () => {
    const email = 'poll@example.com';
    const { workflowId, id } = await sentRequest(email);
    const quiet = await getSignRequestStatus(h.client, workflowId);
    expect(quiet.retrying ?? null).toBeNull();
    await h.control.addFault({ method: 'GET', path: `/2.0/sign_requests/${id}`, status: 500, count: 6 });
    const failing = await eventually(
      () => getSignRequestStatus(h.client, workflowId),
      (s) => (s.retrying ?? null) !== null,
    );
    expect(failing.retrying).toMatchObject({ activity: 'awaitStatusChange', lastErrorType: 'BoxUnavailable' });
    expect(failing.retrying?.lastErrorMessage).toContain('500');
    await h.control.signer(id, email, 'verify', { password: 'pw' });
    await h.control.signer(id, email, 'sign');
    await h.result(workflowId);
    const done = await getSignRequestStatus(h.client, workflowId);
    expect(done).toMatchObject({ retrying: null, nextCheckAt: null });
  });

  it('cancel and resend of a finished request say how it finished and exit 1; an unknown id is named', async () => {
    const { workflowId } = await signed('finished@example.com');
    for (const args of [
      ['cancel', workflowId, '--reason', 'too late'],
      ['resend', workflowId],
    ]) {
      const run = await cli(args);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(`box-sign: ${workflowId} already finished (signed): nothing changed\n`);
    }
    const unknown = await cli(['cancel', 'box-sign-no-such-key']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('box-sign: no such sign request: box-sign-no-such-key\n');
  });

  it('reissue corrects the signers (password from the environment): a new Box request, the old one cancelled; refused once signed', async () => {
    const { workflowId, id } = await sentRequest('typo.cli@example.con');
    const dir = mkdtempSync(join(tmpdir(), 'reissue-'));
    const file = join(dir, 'signers.json');
    writeFileSync(file, JSON.stringify({ signers: [{ email: 'fixed.cli@example.com' }] }));
    const args = ['reissue', workflowId, '--input', file, '--password-env', 'fixed.cli@example.com=NEW_PW'];
    const run = await runBuilt(BUILT.cli, args, { ...temporalEnv(), ...h.encryptionEnv, NEW_PW: 'cli-corrected-pw' });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // Box's answer to the create: the new request may still be converting its documents.
    expect(run.stdout).toMatch(
      new RegExp(`^reissued: round 2, Box request \\S+ is (converting|sent) \\(before: ${id}\\)\\n$`),
    );
    const status = await cli(['status', workflowId]);
    expect(status.stdout).toMatch(new RegExp(`reissued:\\s+round 2; earlier requests ${id}`));
    const state = await eventually(
      () => getSignRequestStatus(h.client, workflowId),
      (s) => s.boxStatus === 'sent',
    );
    expect(state.previousSignRequestIds).toEqual([id]);
    expect((await h.control.request(id)).sign_request.status).toBe('cancelled');
    await h.control.signer(state.signRequestId!, 'fixed.cli@example.com', 'verify', { password: 'cli-corrected-pw' });
    await h.control.signer(state.signRequestId!, 'fixed.cli@example.com', 'sign');
    await h.result(workflowId);
    const late = await cli(['reissue', workflowId, '--input', file]);
    expect(late.code).toBe(1);
    expect(late.stderr).toBe(`box-sign: ${workflowId} already finished (signed): nothing changed\n`);
  });

  it('every command that names one request takes the business key too; an unknown key names both ids tried', async () => {
    const { workflowId } = await sentRequest('by-key@example.com');
    const businessKey = workflowId.slice('box-sign-'.length);
    const status = await cli(['status', businessKey, '--json']);
    expect(status.stderr).toBe('');
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ businessKey, boxStatus: 'sent' });
    const cancel = await cli(['cancel', businessKey, '--reason', 'typed the key']);
    expect(cancel.code).toBe(0);
    const result = await cli(['result', businessKey]);
    expect(result.stdout).toMatch(/^outcome: cancelled/m);
    const resend = await cli(['resend', businessKey]);
    expect(resend.stderr).toBe(`box-sign: ${workflowId} already finished (cancelled): nothing changed\n`);

    const unknown = await cli(['status', 'no-such-key']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe(
      'box-sign: no such sign request: no-such-key (as a workflow id, nor as a business key: box-sign-no-such-key)\n',
    );
  });

  it('a cancelled request: status and result say who cancelled and why, and list no signed files', async () => {
    const { workflowId } = await sentRequest('cancelled@example.com');
    expect((await cli(['cancel', workflowId, '--reason', 'deal fell through'])).code).toBe(0);
    const result = await cli(['result', workflowId]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^outcome: cancelled \(sign request \S+\)$/m);
    expect(result.stdout).toMatch(/^cancelled by operator at \S+: deal fell through$/m);
    expect(result.stdout).not.toContain('signed files');
    const status = await cli(['status', workflowId]);
    expect(status.stdout).toMatch(/^cancellation: +by operator at \S+: deal fell through$/m);
  });

  it("with no key configured, inside the checkout, the CLI uses the local stack's key and says so", async () => {
    const { workflowId } = await sentRequest('stack-key@example.com');
    const stackDir = mkdtempSync(join(tmpdir(), 'box-sign-stack-'));
    writeFileSync(join(stackDir, 'encryption-key'), formatKeyRing(h.keyRing));
    const withKey = await runBuilt(BUILT.cli, ['status', workflowId], { ...temporalEnv(), STACK_DIR: stackDir });
    expect(withKey.code).toBe(0);
    expect(withKey.stderr).toBe(`box-sign: using the local stack's key: ${join(stackDir, 'encryption-key')}\n`);
    expect(withKey.stdout).toMatch(/^box status: +sent$/m);

    const noStack = mkdtempSync(join(tmpdir(), 'box-sign-no-stack-'));
    const without = await runBuilt(BUILT.cli, ['status', workflowId], { ...temporalEnv(), STACK_DIR: noStack });
    expect(without.code).toBe(2);
    expect(without.stderr.trim().split('\n')).toHaveLength(1);
    expect(without.stderr).toContain('BOX_SIGN_ENCRYPTION_KEYS_FILE');
    expect(without.stderr).toContain(
      `local stack's key (${join(noStack, 'encryption-key')}, written by npm run stack:up)`,
    );
  });
});
