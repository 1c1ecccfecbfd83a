import { getExternalWorkflowHandle, proxyActivities } from '@temporalio/workflow';
import type { SignRequestActivities } from '../activities';
import type { BoxEventRouteResult, RouteBoxEventInput } from '../contracts/box-event-routing';
import { ErrorType } from '../contracts/errors';
import { boxEventSignal } from '../contracts/messages';
import { ACTIVITY_PRIORITY, DEFAULT_SENDER_KEY } from '../contracts/sender';

/**
 * Box's retries of an undelivered webhook span about 2 hours; the look-up keeps trying for as long while Box is
 * unavailable (quick at first, then every 5 minutes). Box refusing the GET (other than 404) is final.
 */
const OWNER_LOOKUP_TIMEOUT = '2h';

/**
 * Routes a verified Box event whose payload names no workflow (contracts/box-event-routing.ts): asks Box, in an
 * activity on a worker, whose sign request it is, then signals that workflow as the receiver does for events that
 * name it. The look-up goes at the webhook-confirmation priority, under the fairness key of the payload's user.
 */
export async function routeBoxEventWorkflow({ notice, createdById }: RouteBoxEventInput): Promise<BoxEventRouteResult> {
  const signRequestId = notice.signRequestId;
  if (signRequestId === null) return { kind: 'not_ours' };
  const { findSignRequestOwner } = proxyActivities<SignRequestActivities>({
    startToCloseTimeout: '30s',
    heartbeatTimeout: '10s',
    scheduleToCloseTimeout: OWNER_LOOKUP_TIMEOUT,
    retry: {
      initialInterval: '1s',
      backoffCoefficient: 2,
      maximumInterval: '5m',
      nonRetryableErrorTypes: [ErrorType.BoxRequestRejected],
    },
    priority: { fairnessKey: createdById ?? DEFAULT_SENDER_KEY, priorityKey: ACTIVITY_PRIORITY.confirmWebhook },
    summary: 'Find the workflow of a Box webhook event without external_id',
  });
  const workflowId = await findSignRequestOwner({ signRequestId, createdById });
  if (workflowId === null) return { kind: 'not_ours' };
  try {
    await getExternalWorkflowHandle(workflowId).signal(boxEventSignal, notice);
  } catch {
    // The only failure of a signal to another workflow: it is not running (ended, or never here).
    return { kind: 'workflow_gone', workflowId };
  }
  return { kind: 'signalled', workflowId };
}
