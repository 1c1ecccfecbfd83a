import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { BoxApiError } from '../box/errors';
import type { BoxSignApi, CallAs } from '../box/sign-client';
import type { BoxEventNotice } from '../contracts';
import { WORKFLOW_ID_PREFIX, boxEventSignal } from '../contracts';
import type { BoxWebhookEvent } from './box-event';

/** What became of a verified event; every outcome but a thrown error is final (answered 2xx). */
export type NotifyOutcome =
  | { kind: 'signalled'; workflowId: string }
  /** The sign request was not started by this product (another app's request in the same folder). */
  | { kind: 'not_ours' }
  /** The workflow has ended (or was never in this namespace): nothing left to wake. */
  | { kind: 'workflow_gone'; workflowId: string };

export interface NotifierDeps {
  client: Client;
  /** For payloads without `external_id`: GET /sign_requests/{id} tells whose request it is. */
  box: Pick<BoxSignApi, 'getSignRequest'>;
  /**
   * BOX_SIGN_ALLOWED_SENDERS: the look-up goes as the payload's `created_by` user when it is one of these (Box shows a
   * user only their own requests), else as the default identity. Default none.
   */
  allowedSenders?: readonly string[];
  /** How long Temporal may take to accept a signal before the delivery is answered 503 (Box retries). */
  signalTimeoutMs: number;
  now?: () => Date;
}

const MAX_CACHED_LOOKUPS = 10_000;

/**
 * Hands a verified Box event to the workflow that owns the sign request: the workflow id is Box's `external_id`
 * (we create every request with it); when the payload lacks it, one Box lookup finds it, remembered for the
 * request's later events.
 */
export class WorkflowNotifier {
  private readonly owners = new Map<string, string | null>();

  constructor(private readonly deps: NotifierDeps) {}

  async notify(event: BoxWebhookEvent): Promise<NotifyOutcome> {
    const workflowId = await this.owner(event);
    if (workflowId === null) return { kind: 'not_ours' };
    const notice: BoxEventNotice = {
      eventId: event.id,
      trigger: event.trigger,
      signRequestId: event.signRequestId,
      receivedAt: (this.deps.now?.() ?? new Date()).toISOString(),
    };
    const { client, signalTimeoutMs } = this.deps;
    try {
      await client.withDeadline(Date.now() + signalTimeoutMs, () =>
        client.workflow.getHandle(workflowId).signal(boxEventSignal, notice),
      );
      return { kind: 'signalled', workflowId };
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return { kind: 'workflow_gone', workflowId };
      throw err;
    }
  }

  private lookUpAs(event: BoxWebhookEvent): CallAs {
    return lookUpAsOf(event, this.deps.allowedSenders ?? []);
  }

  private async owner(event: BoxWebhookEvent): Promise<string | null> {
    if (event.externalId !== null) return ours(event.externalId);
    const id = event.signRequestId;
    if (id === null) return null;
    const cached = this.owners.get(id);
    if (cached !== undefined) return cached;
    let owner: string | null;
    try {
      owner = ours((await this.deps.box.getSignRequest(id, this.lookUpAs(event))).external_id ?? null);
    } catch (err) {
      // Box does not know it (deleted, or another user's request): nobody to wake. Anything else may heal.
      if (err instanceof BoxApiError && err.status === 404) owner = null;
      else throw err;
    }
    if (this.owners.size >= MAX_CACHED_LOOKUPS) this.owners.delete(this.owners.keys().next().value as string);
    this.owners.set(id, owner);
    return owner;
  }
}

/** Never as a user the deployment does not allow: a forged-looking `created_by` cannot pick whom we act as. */
function lookUpAsOf(event: BoxWebhookEvent, allowedSenders: readonly string[]): CallAs {
  const user = event.createdById;
  return user !== null && allowedSenders.includes(user) ? { asUser: user } : {};
}

function ours(externalId: string | null): string | null {
  return externalId !== null && externalId.startsWith(WORKFLOW_ID_PREFIX) ? externalId : null;
}
