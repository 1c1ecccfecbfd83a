import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Failure messages and stack traces go into a payload, so the codec encrypts them too (a Box error message may
 * echo what was sent). Loaded by path: the worker bundles it into the workflow sandbox, so it imports nothing
 * but @temporalio/common.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
