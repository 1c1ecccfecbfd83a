import type { Client } from '@temporalio/client';
import { sealSignRequestInput } from '../../encryption/seal-input';
import type { SecretSealing } from '../../encryption/sealing-keys';
import type { SignRequestInput } from '../../contracts';
import type { signContract } from './workflows';

export interface StartContractOptions {
  taskQueue: string;
  endpoint: string;
  /** The box-sign workers' public key (BOX_SIGN_SEALING_PUBLIC_KEY): passwords and phone numbers are sealed here. */
  sealing: SecretSealing;
}

/**
 * Starts the caller's workflow for one contract. The signers' secrets are sealed before it starts, so neither the
 * caller's history nor the Nexus operation ever holds a phone number or a password in plaintext.
 */
export async function startContract(client: Client, request: SignRequestInput, options: StartContractOptions) {
  return client.workflow.start<typeof signContract>('signContract', {
    taskQueue: options.taskQueue,
    workflowId: `contract-${request.businessKey}`,
    args: [{ endpoint: options.endpoint, request: sealSignRequestInput(request, options.sealing) }],
  });
}
