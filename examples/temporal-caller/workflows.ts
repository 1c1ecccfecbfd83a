import { createNexusServiceClient } from '@temporalio/workflow';
import type { SignRequestInput } from '../../contracts/sign-request-input';
import type { SignRequestResult } from '../../contracts/sign-request-state';
import { boxSignNexusService } from '../../contracts/nexus-service';

export interface ContractToSign {
  /** The Nexus endpoint the operator registered for box-sign (`box-sign` on the local stack). */
  endpoint: string;
  /** The request, its signers' secrets already sealed by the starter (start.ts): none in this workflow's history. */
  request: SignRequestInput;
}

/**
 * A business process in its own namespace that needs a contract signed: it starts the request through the box-sign
 * endpoint and waits, durably, for the outcome (signed, declined, expired or cancelled). Cancelling this workflow
 * cancels the operation, which cancels the request on Box.
 */
export async function signContract({ endpoint, request }: ContractToSign): Promise<SignRequestResult> {
  const boxSign = createNexusServiceClient({ service: boxSignNexusService, endpoint });
  return boxSign.executeOperation('signRequest', request, { scheduleToCloseTimeout: '30 days' });
}
