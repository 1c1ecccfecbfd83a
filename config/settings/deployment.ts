import { defineSettings } from '../setting';

/**
 * Worker Deployment Versioning (deployment/): which version of the worker a process is, and which one the operator
 * makes current (`box-sign deployment set-current`). Read by the worker and by the CLI that sets it current.
 */
export const DEPLOYMENT_SETTINGS = defineSettings({
  BOX_SIGN_DEPLOYMENT_NAME: {
    kind: 'string',
    default: 'box-sign',
    description:
      "the Worker Deployment the worker's versions belong to (one per namespace and task queue family); " +
      'letters, digits, `-` and `_`',
    processes: ['worker', 'cli'],
  },
  BOX_SIGN_BUILD_ID: {
    kind: 'string',
    docDefault: 'derived: `wf-` + the first 16 hex digits of the SHA-256 of `lib/workflow-bundle.js`',
    description:
      "this worker's build id within the deployment: a new workflow bundle is a new version, an unchanged one is " +
      'not; set it to pin another scheme (e.g. the image tag); letters, digits, `-` and `_`',
    processes: ['worker', 'cli'],
  },
  BOX_SIGN_WORKER_VERSIONING: {
    kind: 'bool',
    default: true,
    description:
      '`false` runs the worker unversioned: only for a Temporal server without Worker Deployments (before 1.28, or ' +
      'the time-skipping test server, which answers UNIMPLEMENTED), where no version can be made current',
    processes: ['worker'],
  },
});
