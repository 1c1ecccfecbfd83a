import type { BoxEventNotice } from './messages';

/**
 * A verified Box event whose payload does not say which workflow it is for (no `external_id`): the webhook receiver
 * holds no Box credentials, so it starts a small routing workflow, and a worker's activity asks Box whose request it
 * is before signalling that workflow. One routing workflow per Box event id, so Box's retries of an event start it once.
 */
export const BOX_EVENT_ROUTE_ID_PREFIX = 'box-event-';

export function boxEventRouteWorkflowId(eventId: string): string {
  return `${BOX_EVENT_ROUTE_ID_PREFIX}${eventId}`;
}

export interface RouteBoxEventInput {
  notice: BoxEventNotice;
  /**
   * The payload's `created_by.id`: the look-up goes as that user when the deployment allows them as a sender (Box
   * shows a user only their own requests), else as the default identity.
   */
  createdById: string | null;
}

export interface FindSignRequestOwnerInput {
  signRequestId: string;
  createdById: string | null;
}

/** What became of a routed event (also the receiver's answer for events that name their workflow). */
export type BoxEventRouteResult =
  | { kind: 'signalled'; workflowId: string }
  /** The sign request was not started by this product (another app's request in the same folder), or Box has none. */
  | { kind: 'not_ours' }
  /** The workflow has ended (or was never in this namespace): nothing left to wake. */
  | { kind: 'workflow_gone'; workflowId: string };
