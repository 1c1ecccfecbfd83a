import { BoxApiError } from '../box/errors';
import type { BoxSignApi, CallAs } from '../box/sign-client';
import type { FindSignRequestOwnerInput } from '../contracts/box-event-routing';
import { WORKFLOW_ID_PREFIX, workflowIdOfExternalId } from '../contracts/workflow-identity';

/**
 * The workflow a Box sign request belongs to: its `external_id` (we create every request with our workflow id; a reissued round adds `#r<n>`), read
 * with one GET, or null when Box does not show it (deleted, or another user's) or another app created it. Runs in the
 * worker, which holds the Box credentials; the webhook receiver does not.
 */
export async function findSignRequestOwner(
  box: Pick<BoxSignApi, 'getSignRequest'>,
  { signRequestId, createdById }: FindSignRequestOwnerInput,
  allowedSenders: readonly string[],
): Promise<string | null> {
  let externalId: string | null;
  try {
    externalId = (await box.getSignRequest(signRequestId, lookUpAs(createdById, allowedSenders))).external_id ?? null;
  } catch (err) {
    if (err instanceof BoxApiError && err.status === 404) return null;
    throw err;
  }
  return externalId !== null && externalId.startsWith(WORKFLOW_ID_PREFIX) ? workflowIdOfExternalId(externalId) : null;
}

/** Never as a user the deployment does not allow: a forged-looking `created_by` cannot pick whom we act as. */
function lookUpAs(createdById: string | null, allowedSenders: readonly string[]): CallAs {
  return createdById !== null && allowedSenders.includes(createdById) ? { asUser: createdById } : {};
}
