import type { Client } from '@temporalio/client';
import type { ReissueRequest, ReissueResult, SignRequestInput, SignerInput } from '../contracts';
import { createdFromMemo, reissueUpdate, validationIssuesFromZod } from '../contracts';
import { reissueBodySchema } from '../contracts/reissue-schema';
import { sealSignRequestInput } from '../encryption/seal-input';
import type { SecretSealing } from '../encryption/sealing-keys';
import type { StartBindingKeys } from '../encryption/start-binding';
import { bindReissue } from '../encryption/start-binding';
import { InvalidSignRequestInputError } from './errors';
import { onOpenWorkflow } from './finished-request';
import { signersDigest } from './input-digest';
import { recordedState } from './recorded-state';

export interface ReissueOptions {
  /** The workers' public key: the corrected signers' secrets are sealed before the reissue enters Temporal. */
  sealing: SecretSealing;
  /** The API client that owns the request and the keys that bind the reissue to it (the HTTP API passes them). */
  apiClient?: string;
  startBinding?: StartBindingKeys | null;
}

/** A reissue ready for the update: sealed, digested, bound for the next round, with its idempotent update id. */
export interface PreparedReissue {
  request: ReissueRequest;
  /** The same corrected signers for the same round give the same id: Temporal runs a retried update once. */
  updateId: string;
}

/**
 * The corrected signers checked by the one schema (each field and rule named, never a value), sealed as at a start,
 * and bound for the round they create: the next one, or the current one when they are the ones that made it (a retry,
 * answered with that round).
 */
export async function prepareReissue(
  client: Client,
  workflowId: string,
  signers: SignerInput[],
  options: ReissueOptions,
): Promise<PreparedReissue> {
  const parsed = reissueBodySchema.safeParse({ signers });
  if (!parsed.success) throw new InvalidSignRequestInputError(validationIssuesFromZod(parsed.error));
  const description = await client.workflow.getHandle(workflowId).describe();
  const state = await recordedState(client, workflowId, description);
  // The count is known here (the memo's created answer lists the request's signers); positions, in the workflow.
  const count = createdFromMemo(description.memo)?.signers.length;
  if (count !== undefined && count !== signers.length) {
    throw new InvalidSignRequestInputError([
      { field: 'signers', rule: `must list all ${count} signers of the request, in their positions` },
    ]);
  }
  const businessKey = state.businessKey;
  const sealed = sealSignRequestInput({ businessKey, signers } as SignRequestInput, options.sealing).signers;
  const digest = signersDigest(businessKey, signers);
  const current = state.round ?? 1;
  const round = state.reissueDigest === digest ? current : current + 1;
  const binding =
    options.apiClient !== undefined && options.startBinding
      ? bindReissue(options.startBinding, { workflowId, client: options.apiClient, round, signers: sealed })
      : undefined;
  return {
    request: { signers: sealed, round, digest, ...(binding === undefined ? {} : { binding }) },
    updateId: `reissue-r${round}-${digest.slice(0, 32)}`,
  };
}

/**
 * Correct and reissue: cancels the Box request and creates a new one with the corrected signers (all of them, in
 * their positions), in the same workflow. Refused (WorkflowUpdateFailedError) with SignRequestNotReissuable once
 * anyone signed or while a create or cancel is under way, InvalidSignRequestInput for signers that break a rule;
 * SignRequestAlreadyFinishedError once it ended. A retry with the same signers does one reissue.
 */
export async function reissueSignRequest(
  client: Client,
  workflowId: string,
  signers: SignerInput[],
  options: ReissueOptions,
): Promise<ReissueResult> {
  return onOpenWorkflow(client, workflowId, async () => {
    const { request, updateId } = await prepareReissue(client, workflowId, signers, options);
    return client.workflow.getHandle(workflowId).executeUpdate(reissueUpdate, { args: [request], updateId });
  });
}
