import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, WorkflowNotFoundError } from '@temporalio/common';
import type { BoxEventNotice, BoxEventRouteResult, RouteBoxEventInput } from '../contracts';
import { WORKFLOW_ID_PREFIX, boxEventRouteWorkflowId, boxEventSignal, workflowIdOfExternalId } from '../contracts';
import type { BoxWebhookEvent } from './box-event';

/**
 * What became of a verified event; every outcome but a thrown error is final (answered 2xx). `routed`: the payload
 * names no workflow, so a routing workflow finds it (on a worker, which holds the Box credentials) and signals it.
 */
export type NotifyOutcome = BoxEventRouteResult | { kind: 'routed'; routeWorkflowId: string };

export interface NotifierDeps {
  client: Client;
  /** The workers' task queue (BOX_SIGN_TASK_QUEUE): where the routing workflow runs. */
  taskQueue: string;
  /** How long Temporal may take to accept a signal or a start before the delivery is answered 503 (Box retries). */
  signalTimeoutMs: number;
  now?: () => Date;
}

/** The routing workflow's type, as the worker registers it (workflows/route-box-event.ts). */
const ROUTE_WORKFLOW_TYPE = 'routeBoxEventWorkflow';

/**
 * Hands a verified Box event to the workflow that owns the sign request. The workflow id is Box's `external_id`
 * (we create every request with it); a payload without it goes to a routing workflow, one per event id, so the
 * receiver never calls Box and holds no Box credentials.
 */
export class WorkflowNotifier {
  constructor(private readonly deps: NotifierDeps) {}

  async notify(event: BoxWebhookEvent): Promise<NotifyOutcome> {
    const notice: BoxEventNotice = {
      eventId: event.id,
      trigger: event.trigger,
      signRequestId: event.signRequestId,
      receivedAt: (this.deps.now?.() ?? new Date()).toISOString(),
      ...(event.signerEmails.length > 0 ? { signerEmails: event.signerEmails } : {}),
    };
    // A reissued round's external_id is `<workflowId>#r<n>`: the same workflow (it ignores an earlier round's events).
    if (event.externalId !== null) return this.signal(workflowIdOfExternalId(event.externalId), notice);
    if (event.signRequestId === null) return { kind: 'not_ours' };
    return this.route({ notice, createdById: event.createdById });
  }

  private async signal(externalId: string, notice: BoxEventNotice): Promise<NotifyOutcome> {
    if (!externalId.startsWith(WORKFLOW_ID_PREFIX)) return { kind: 'not_ours' };
    const { client, signalTimeoutMs } = this.deps;
    try {
      await client.withDeadline(Date.now() + signalTimeoutMs, () =>
        client.workflow.getHandle(externalId).signal(boxEventSignal, notice),
      );
      return { kind: 'signalled', workflowId: externalId };
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return { kind: 'workflow_gone', workflowId: externalId };
      throw err;
    }
  }

  private async route(input: RouteBoxEventInput): Promise<NotifyOutcome> {
    const { client, signalTimeoutMs, taskQueue } = this.deps;
    const routeWorkflowId = boxEventRouteWorkflowId(input.notice.eventId);
    try {
      await client.withDeadline(Date.now() + signalTimeoutMs, () =>
        client.workflow.start(ROUTE_WORKFLOW_TYPE, {
          workflowId: routeWorkflowId,
          taskQueue,
          args: [input],
          // Box retries an event it thinks undelivered: the same event is routed once, however often it comes.
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        }),
      );
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    return { kind: 'routed', routeWorkflowId };
  }
}
