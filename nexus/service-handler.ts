import { TemporalOperationHandler } from '@temporalio/nexus';
import * as nexus from 'nexus-rpc';
import type { SignRequestInput, SignRequestResult } from '../contracts';
import { boxSignNexusService } from '../contracts/nexus-service';
import { cancelSignRequestOperation } from './cancel-sign-request';
import type { NexusEntrance } from './start-sign-request';
import { startSignRequestOperation } from './start-sign-request';

/** The `box-sign` Nexus service as the worker serves it on its task queue (the endpoint's target). */
export function boxSignNexusServiceHandler(entrance: NexusEntrance) {
  return nexus.serviceHandler(boxSignNexusService, {
    signRequest: new TemporalOperationHandler<SignRequestInput, SignRequestResult>({
      start: (ctx, nexusClient, input) => startSignRequestOperation(entrance, ctx, nexusClient, input),
      cancelWorkflowRun: (_ctx, options) => cancelSignRequestOperation(options),
    }),
  });
}
