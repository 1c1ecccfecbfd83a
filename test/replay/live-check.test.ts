import { join } from 'node:path';
import { PROJECT_ROOT } from '../../scripts/tools';
import type { Harness } from '../support/harness';
import { BUILT, runBuilt } from '../support/run-built';
import { signRequest, startHarness } from '../support/harness';
import { boxRequestFor, eventually } from '../support/signers';

/** The operator's pre-deploy check, run as the CLI against live histories on a real server. */
describe('box-sign replay (pre-deploy check against a live cluster)', () => {
  let h: Harness;
  let running: string;
  let finished: string;
  beforeAll(async () => {
    h = await startHarness();
    finished = await h.start(signRequest({ signers: [{ email: 'done@example.com', password: 'pw' }] }));
    const id = await boxRequestFor(h.control, finished);
    await h.control.signer(id, 'done@example.com', 'verify', { password: 'pw' });
    await h.control.signer(id, 'done@example.com', 'sign');
    await h.result(finished);
    running = await h.start(signRequest({ signers: [{ email: 'open@example.com', password: 'pw' }] }));
    await boxRequestFor(h.control, running);
    await eventually(
      async () => (await h.client.workflow.count(`TaskQueue = '${h.taskQueue}'`)).count,
      (count) => count === 2,
    );
  }, 60_000);
  afterAll(() => h?.teardown());

  function replay(extraArgs: string[]) {
    const env = { TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS, ...h.encryptionEnv };
    return runBuilt(BUILT.cli, ['replay', '--query', `TaskQueue = '${h.taskQueue}'`, ...extraArgs], env);
  }

  it('replays the running and the finished workflow against the local code and exits 0', async () => {
    const run = await replay([]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`ok   ${running}`);
    expect(run.stdout).toContain(`ok   ${finished}`);
    expect(run.stdout).toContain('replayed 2: 2 ok, 0 would break');
    // The artifact the workers of this build load, not a bundle made again for the check.
    expect(run.stdout).toContain(`replaying against ${join(PROJECT_ROOT, 'lib', 'workflow-bundle.js')}\n`);
  }, 120_000);

  it('against a changed workflow it exits non-zero naming the workflows that would break', async () => {
    const changed = join(PROJECT_ROOT, 'test', 'replay', 'mutated-workflows', 'extra-timer.ts');
    const run = await replay(['--workflows-path', changed]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`FAIL ${running} .*DeterminismViolationError`));
    expect(run.stdout).toMatch(new RegExp(`FAIL ${finished} .*DeterminismViolationError`));
    expect(run.stderr).toContain('2 workflow(s) would break');
    expect(run.stderr).toContain(running);
  }, 120_000);
});
