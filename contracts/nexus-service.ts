import * as nexus from 'nexus-rpc';
import type { SignRequestInput } from './sign-request-input';
import type { SignRequestResult } from './sign-request-state';

/**
 * The Nexus service the worker exposes to business systems that run on Temporal (docs/nexus.md). Its one operation
 * starts a verified request and completes with the request's outcome, as `getSignRequestResult` does: declined,
 * expired and cancelled are results, technical failures fail the operation. Cancelling the operation cancels the
 * request (Box is told). Kept apart from the contracts barrel: a caller's workflow imports this file alone.
 */
export const boxSignNexusService = nexus.service('box-sign', {
  signRequest: nexus.operation<SignRequestInput, SignRequestResult>(),
});

/** The endpoint name the local stack registers and the docs use; a deployment may choose its own. */
export const DEFAULT_NEXUS_ENDPOINT = 'box-sign';
