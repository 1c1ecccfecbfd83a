import { buildIdOf, formatVersion, resolveVersioning, workerDeploymentOptions } from '../../deployment/worker-version';
import { loadWorkerConfig } from '../../worker/config';

describe('worker versions: a new workflow bundle is a new build, an unchanged one is not', () => {
  it('the same bundle gives the same build id; one changed byte gives another', () => {
    const bundle = 'function signRequestWorkflow() { return 1; }';
    expect(buildIdOf(bundle)).toBe(buildIdOf(Buffer.from(bundle)));
    expect(buildIdOf(bundle)).toMatch(/^wf-[0-9a-f]{16}$/);
    expect(buildIdOf(`${bundle} `)).not.toBe(buildIdOf(bundle));
  });

  it('BOX_SIGN_BUILD_ID wins over the bundle; unversioned stays unversioned', () => {
    const bundle = { code: 'x' };
    expect(resolveVersioning({ deploymentName: 'box-sign', buildId: 'v1-2-3' }, bundle)).toEqual({
      deploymentName: 'box-sign',
      buildId: 'v1-2-3',
    });
    expect(resolveVersioning({ deploymentName: 'box-sign' }, bundle)).toEqual({
      deploymentName: 'box-sign',
      buildId: buildIdOf('x'),
    });
    expect(resolveVersioning('unversioned', bundle)).toBe('unversioned');
    expect(workerDeploymentOptions('unversioned')).toEqual({});
  });

  it('every worker is versioned, AUTO_UPGRADE, unless the setting turns it off', () => {
    const versioning = { deploymentName: 'box-sign', buildId: 'b1' };
    expect(workerDeploymentOptions(versioning).workerDeploymentOptions).toEqual({
      useWorkerVersioning: true,
      version: versioning,
      defaultVersioningBehavior: 'AUTO_UPGRADE',
    });
    expect(formatVersion(versioning)).toBe('box-sign/b1');
  });

  it('the worker reads the deployment settings, refusing a name Temporal would not take', () => {
    const base = { BOX_DEVELOPER_TOKEN: 'token', BOX_SIGN_INSECURE_PLAINTEXT_PAYLOADS: 'true' };
    expect(loadWorkerConfig(base).versioning).toEqual({ deploymentName: 'box-sign' });
    expect(loadWorkerConfig({ ...base, BOX_SIGN_BUILD_ID: 'img-1_2' }).versioning).toEqual({
      deploymentName: 'box-sign',
      buildId: 'img-1_2',
    });
    expect(loadWorkerConfig({ ...base, BOX_SIGN_WORKER_VERSIONING: 'false' }).versioning).toBe('unversioned');
    expect(() => loadWorkerConfig({ ...base, BOX_SIGN_DEPLOYMENT_NAME: 'box.sign' })).toThrow(
      'BOX_SIGN_DEPLOYMENT_NAME must be 1-200 letters, digits, "-" or "_"',
    );
  });
});
