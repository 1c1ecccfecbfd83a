import { CancellationScope, allHandlersFinished, condition, patched } from '@temporalio/workflow';
import type { SignRequestState } from '../contracts';
import type { ActionQueue } from './operator-actions';
import { alreadyFinished } from './operator-actions';

/**
 * Runs from before this patch could close with a cancel or resend still queued (accepted while the step that ended
 * the request was in flight): the update was never answered, and its caller got Temporal's
 * AcceptedUpdateCompletedWorkflow. Those histories must replay as they were, hence the patch.
 */
export const SETTLE_ACCEPTED_UPDATES_PATCH = 'settle-accepted-updates';

/**
 * Before the workflow closes (a result, a failure, a Temporal cancellation): every update it accepted gets an answer.
 * An action still queued is refused as already finished, saying how the request ended, and the workflow waits for
 * every handler to return. Not cancellable: it runs after a Temporal cancellation too, and it adds no command.
 */
export async function answerAcceptedUpdates(actions: ActionQueue, state: SignRequestState): Promise<void> {
  if (allHandlersFinished() || !patched(SETTLE_ACCEPTED_UPDATES_PATCH)) return;
  actions.refuseAll(alreadyFinished(state));
  await CancellationScope.nonCancellable(() => condition(allHandlersFinished));
}
