import type { DeploymentState, SetCurrentResult } from '../../deployment/current-version';
import type { Harness } from '../support/harness';
import { startHarness } from '../support/harness';
import { BUILT, runBuilt } from '../support/run-built';

/** `box-sign deployment show|set-current` against jest's dev server, as an operator runs them after a deploy. */
describe('box-sign deployment: which worker build gets the tasks', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 120_000);
  afterAll(() => h?.teardown());

  const cli = (args: string[]) =>
    runBuilt(BUILT.cli, ['deployment', ...args], {
      TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
      BOX_SIGN_DEPLOYMENT_NAME: h.deployment!.deploymentName,
    });

  it('show names the current build; set-current moves to a new build and back (a rollback), idempotently', async () => {
    const a = h.deployment!.buildId;
    const shown = await cli(['show', '--json']);
    expect(shown.code).toBe(0);
    expect((JSON.parse(shown.stdout) as DeploymentState).currentBuildId).toBe(a);

    const b = await h.startWorkerOnBuild('wf-cli-build-b');
    try {
      const moved = await cli(['set-current', '--build-id', 'wf-cli-build-b']);
      expect(moved.code).toBe(0);
      expect(moved.stdout).toContain(`${h.deployment!.deploymentName}/wf-cli-build-b is now the current version`);
      expect(moved.stdout).toContain(`was ${a}`);

      const again = await cli(['set-current', '--build-id', 'wf-cli-build-b', '--json']);
      expect(again.code).toBe(0);
      expect((JSON.parse(again.stdout) as SetCurrentResult).changed).toBe(false);

      const table = await cli(['show']);
      expect(table.stdout).toMatch(/current wf-cli-build-b since/);
      expect(table.stdout).toMatch(new RegExp(`wf-cli-build-b\\s+current`));

      const back = await cli(['set-current', '--build-id', a]);
      expect(back.code).toBe(0);
      expect(back.stdout).toContain('was wf-cli-build-b');
    } finally {
      await b.stop();
    }
  }, 120_000);

  it('a build no worker runs is refused after the wait, saying why, and the current one stays', async () => {
    const run = await cli(['set-current', '--build-id', 'wf-nobody-runs-this', '--wait-seconds', '2']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('cannot make');
    expect(run.stderr).toContain('wf-nobody-runs-this');
    const shown = await cli(['show', '--json']);
    expect((JSON.parse(shown.stdout) as DeploymentState).currentBuildId).toBe(h.deployment!.buildId);
  }, 60_000);

  it('a malformed build id is refused before Temporal is asked, exit 2', async () => {
    const run = await cli(['set-current', '--build-id', 'a.b']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--build-id');
    expect(run.stderr).toContain('must be 1-200 letters, digits');
  });
});
