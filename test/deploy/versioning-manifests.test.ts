import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { variableNames } from '../../config/setting';
import { SETTINGS, settingsOf } from '../../config/settings';
import { PROJECT_ROOT } from '../../scripts/tools';
import { environment, manifests, workloads } from './manifest-model';

/**
 * Worker Deployment Versioning in the manifests: the worker's pods get tasks only once their build is current, so the
 * set-current Job must name the same deployment, in the same namespace, and derive the same build id (same image).
 */
describe('the Kubernetes manifests make each new worker build current', () => {
  const job = manifests.find((m) => m.kind === 'Job' && m.metadata.name === 'box-sign-set-current-version');
  const jobContainer = (job?.spec?.template?.spec.containers ?? [])[0];
  const worker = workloads.find((w) => w.process === 'worker')!;
  const setting = (env: Map<string, string | undefined>, name: string) =>
    env.get(name) ?? (SETTINGS as Record<string, { default?: unknown }>)[name]?.default;

  it("run `box-sign deployment set-current` as a Job of the worker's image", () => {
    expect(jobContainer?.image).toBe(worker.container.image);
    expect(jobContainer?.args?.slice(0, 3)).toEqual(['bin/box-sign.js', 'deployment', 'set-current']);
    expect(existsSync(join(PROJECT_ROOT, 'bin', 'box-sign.js'))).toBe(true);
  });

  it('give the Job the worker’s Temporal ConfigMap, CLI settings of its own, and the same deployment and build id', () => {
    const jobEnv = environment(jobContainer!);
    const workerEnv = environment(worker.container);
    const known = new Set(settingsOf('cli').flatMap(variableNames));
    expect((jobContainer?.env ?? []).map((v) => v.name).filter((name) => !known.has(name))).toEqual([]);
    const maps = (container: typeof jobContainer) => (container?.envFrom ?? []).map((from) => from.configMapRef?.name);
    expect(maps(worker.container)).toEqual(expect.arrayContaining(maps(jobContainer)));
    for (const name of ['TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'BOX_SIGN_DEPLOYMENT_NAME', 'BOX_SIGN_BUILD_ID']) {
      expect([name, setting(jobEnv, name)]).toEqual([name, setting(workerEnv, name)]);
    }
    expect(setting(workerEnv, 'BOX_SIGN_WORKER_VERSIONING')).not.toBe('false');
  });

  it('roll the worker out new pods first, so the old build serves until the new one is current', () => {
    const strategy = worker.deployment.spec?.strategy as
      { rollingUpdate?: { maxUnavailable?: number | string } } | undefined;
    expect(strategy?.rollingUpdate?.maxUnavailable).toBe(0);
  });
});
