import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { CancelWorkflowRunOptions } from '@temporalio/nexus';
import { getClient, log } from '@temporalio/nexus';
import { HandlerError } from 'nexus-rpc';
import { SignRequestAlreadyFinishedError } from '../client/errors';
import { rootFailure } from '../client/failure-cause';
import { cancelSignRequest } from '../client/steering';
import { ErrorType } from '../contracts';
import { isNexusStartedWorkflowId } from './caller-client';

export const NEXUS_CANCEL_REASON = 'Cancelled by the Temporal caller (Nexus operation cancelled)';

/**
 * A cancelled operation cancels the request as an operator's cancel does (Box is told, the workflow ends with outcome
 * `cancelled`, which becomes the operation's result), never by cancelling the workflow in Temporal. A request that
 * already ended has nothing to cancel; one that cannot be cancelled now (still being created, or a cancellation under
 * way) is asked again: a retryable error makes Temporal deliver the cancellation again until the request has ended.
 */
export async function cancelSignRequestOperation(options: CancelWorkflowRunOptions): Promise<void> {
  const { workflowId } = options;
  if (!isNexusStartedWorkflowId(workflowId)) {
    throw new HandlerError('BAD_REQUEST', 'the operation token names no request this service started');
  }
  try {
    await cancelSignRequest(getClient(), workflowId, NEXUS_CANCEL_REASON);
  } catch (err) {
    if (err instanceof SignRequestAlreadyFinishedError) return;
    if (!(err instanceof WorkflowUpdateFailedError)) throw err;
    const refusal = rootFailure(err);
    if (refusal.type === ErrorType.SignRequestAlreadyFinished) return;
    log.info('Nexus cancel refused for now; Temporal delivers it again', { workflowId, type: refusal.type });
    throw new HandlerError('UNAVAILABLE', `the request cannot be cancelled yet: ${refusal.message}`, {
      retryableOverride: true,
    });
  }
}
