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
  return input.signers.flatMap((signer, index) => {
    const methodPhone = signer.verificationMethod?.type === 'phone' ? signer.verificationMethod.phoneNumber : undefined;
    const fields: [string, unknown][] = [
      ['password', signer.password],
      ['verificationPhoneNumber', signer.verificationPhoneNumber],
      ['verificationMethod.phoneNumber', methodPhone],
    ];
    return fields.flatMap(([field, value]) => {
      if (value === undefined) return [];
      const shown = isSealedSecret(value) ? { ...value, sealed: `${value.sealed.slice(0, 28)}…` } : value;
      return [`signer ${index + 1} ${field}: ${JSON.stringify(shown)}`];
    });
  });
}
