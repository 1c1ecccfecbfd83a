import type { WorkflowHandle } from '@temporalio/client';
import { describeDeployment, setCurrentVersion } from '../../deployment/current-version';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { boxRequestFor, eventually } from '../support/signers';
import { historyEvents } from '../support/workflow-history';

/** The build id the run's versioning info names (describe), or null while no versioned worker completed a task. */
async function runningOn(handle: WorkflowHandle): Promise<string | null> {
  const info = (await handle.describe()).raw.workflowExecutionInfo?.versioningInfo;
  return info?.deploymentVersion?.buildId ?? null;
}

/** The build each completed workflow task of the history was stamped with, in order. */
async function taskBuilds(handle: WorkflowHandle): Promise<string[]> {
  return (await historyEvents(handle)).flatMap((event) => {
    const completed = event.workflowTaskCompletedEventAttributes;
    return completed ? [completed.deploymentVersion?.buildId ?? 'unversioned'] : [];
  });
}

async function startOpenRequests(
  h: Harness,
  count: number,
): Promise<{ handle: WorkflowHandle; boxId: string; email: string }[]> {
  const requests = [];
  for (let i = 0; i < count; i++) {
    const workflowId = await h.start(signRequest({ signers: [{ email: `v${i}@example.com`, password: 'pw' }] }));
    requests.push({ workflowId, handle: h.client.workflow.getHandle(workflowId), email: `v${i}@example.com` });
  }
  return Promise.all(
    requests.map(async (request) => {
      const boxId = await boxRequestFor(h.control, request.workflowId);
      await h.control.signer(boxId, request.email, 'verify', { password: 'pw' });
      return { handle: request.handle, boxId, email: request.email };
    }),
  );
}

describe('Worker Deployment Versioning: a new build takes over running requests (AUTO_UPGRADE)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 120_000);
  afterAll(() => h?.teardown());

  it('requests started on build A finish on build B once B is made current, while A still polls', async () => {
    const a = h.deployment!;
    const requests = await startOpenRequests(h, 3);
    for (const { handle } of requests)
      expect(
        await eventually(
          () => runningOn(handle),
          (id) => id !== null,
        ),
      ).toBe(a.buildId);

    const b = await h.startWorkerOnBuild('wf-test-build-b');
    try {
      const scope = { namespace: 'default', deploymentName: a.deploymentName };
      const made = await setCurrentVersion(h.client.workflowService, scope, 'wf-test-build-b', {
        identity: 'deployment-upgrade test',
        waitMs: 30_000,
      });
      expect(made).toMatchObject({ changed: true, previousBuildId: a.buildId, buildId: 'wf-test-build-b' });

      for (const [i, { boxId }] of requests.entries()) await h.control.signer(boxId, `v${i}@example.com`, 'sign');
      for (const { handle } of requests) {
        expect((await handle.result()).outcome).toBe('signed');
        expect(await runningOn(handle)).toBe('wf-test-build-b');
        const builds = await taskBuilds(handle);
        // The first tasks ran on A; once B was current, every later task ran on B and none on A again.
        expect(builds[0]).toBe(a.buildId);
        expect(builds.at(-1)).toBe('wf-test-build-b');
        expect(builds.slice(builds.indexOf('wf-test-build-b'))).not.toContain(a.buildId);
      }
      const deployment = await describeDeployment(h.client.workflowService, scope);
      expect(deployment?.currentBuildId).toBe('wf-test-build-b');
      // Nothing is pinned to A: it has no request left once B is current.
      expect(deployment?.versions.find((v) => v.buildId === a.buildId)?.status).toMatch(/^draining|drained$/);
    } finally {
      await b.stop();
    }
  }, 120_000);
});

describe('Worker Deployment Versioning: an unchanged build is not a new version', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 120_000);
  afterAll(() => h?.teardown());

  it('a restarted worker with the same bundle keeps its build id, its requests and its deployment as they were', async () => {
    const a = h.deployment!;
    const [request] = await startOpenRequests(h, 1);
    const { handle, boxId, email } = request!;
    await eventually(
      () => runningOn(handle),
      (id) => id !== null,
    );

    await h.restartWorker(h.keyRing);
    await h.control.signer(boxId, email, 'sign');
    expect((await handle.result()).outcome).toBe('signed');

    expect(new Set(await taskBuilds(handle))).toEqual(new Set([a.buildId]));
    const deployment = await describeDeployment(h.client.workflowService, {
      namespace: 'default',
      deploymentName: a.deploymentName,
    });
    expect(deployment?.currentBuildId).toBe(a.buildId);
    expect(deployment?.versions.map((v) => v.buildId)).toEqual([a.buildId]);
  }, 120_000);
});
