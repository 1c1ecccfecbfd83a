import type { Client } from '@temporalio/client';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import type { SignRequestInput } from '../contracts';
import { isSealedSecret } from '../contracts';

/**
 * The signers' secrets as an operator reads them in the decoded workflow input (what the Web UI shows through the
 * codec server): sealed, the phone masked. One line per secret, the sealed value shortened.
 */
export async function operatorViewOfSecrets(client: Client, workflowId: string): Promise<string[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const payloads = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
  const input = await decodeFromPayloadsAtIndex<SignRequestInput>(client.options.loadedDataConverter, 0, payloads);
  return input.signers.flatMap((signer, index) =>
    (['password', 'verificationPhoneNumber'] as const).flatMap((field) => {
      const value = signer[field];
      if (value === undefined) return [];
      const shown = isSealedSecret(value) ? { ...value, sealed: `${value.sealed.slice(0, 28)}…` } : value;
      return [`signer ${index + 1} ${field}: ${JSON.stringify(shown)}`];
    }),
  );
}
