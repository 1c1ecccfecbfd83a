import type { Client } from '@temporalio/client';
import type { SignRequestInput, ValidationIssue } from '../contracts';
import { BUSINESS_KEY_PATTERN, workflowIdForBusinessKey } from '../contracts';
import { loadAllowedSenders } from '../config/allowed-senders';
import { loadSecretSealing } from '../encryption/sealing-keys';
import { redactText } from '../logging/redact';
import { mapBounded } from './bounded';
import type { StartOptions } from './sign-requests';
import { startSignRequest } from './sign-requests';

/** Starts at once by default: enough to keep a Temporal frontend busy, few enough not to flood it. */
export const DEFAULT_BULK_CONCURRENCY = 8;

export const BULK_START_STATUSES = ['started', 'alreadyStarted', 'invalid', 'failed'] as const;
export type BulkStartStatus = (typeof BULK_START_STATUSES)[number];

/** What became of one input of a batch. */
export interface BulkStartItem {
  /** Its position in the inputs (0-based). */
  index: number;
  /** Its business key, when it has a well-formed one. */
  businessKey?: string;
  status: BulkStartStatus;
  /** Started or already started: the workflow; failed: the workflow it would have been. */
  workflowId?: string;
  /** Invalid: every broken rule (field and rule, never a value). Nothing was started. */
  issues?: ValidationIssue[];
  /** Failed: why the start did not happen (e.g. Temporal refused it); running the batch again retries it. */
  error?: { type: string; message: string };
}

export type BulkStartCounts = Record<BulkStartStatus, number>;

export interface BulkStartProgress {
  done: number;
  total: number;
  counts: BulkStartCounts;
  /** The item just finished. */
  item: BulkStartItem;
}

export interface BulkStartOptions extends StartOptions {
  /** Starts in flight at once; default DEFAULT_BULK_CONCURRENCY. */
  concurrency?: number;
  /** Called after each item, in the order they finish. */
  onProgress?: (progress: BulkStartProgress) => void;
}

/**
 * Starts every input exactly as `startSignRequest` does (same rules, sealing, one workflow per business key) with at
 * most `concurrency` in flight, and never stops at a bad item: each gets its outcome, in input order. A business key
 * that is already started — by an earlier run of the batch, or earlier in this one — is `alreadyStarted`, so running
 * a batch again after an interruption starts only the missing ones.
 */
export async function startSignRequests(
  client: Client,
  inputs: readonly SignRequestInput[],
  options: BulkStartOptions = {},
): Promise<BulkStartItem[]> {
  const { concurrency = DEFAULT_BULK_CONCURRENCY, onProgress, ...startOptions } = options;
  // Once, before anything starts: a missing key is a configuration error, not one failure per item.
  const sealing = startOptions.sealing ?? loadSecretSealing();
  const allowedSenders = startOptions.allowedSenders ?? loadAllowedSenders();
  const counts = countBulkStart([]);
  let done = 0;
  return mapBounded(
    inputs,
    { concurrency, keyOf: businessKeyOf },
    (input, index) => startOne(client, input, index, { ...startOptions, sealing, allowedSenders }),
    (item) => {
      counts[item.status] += 1;
      done += 1;
      onProgress?.({ done, total: inputs.length, counts: { ...counts }, item });
    },
  );
}

async function startOne(
  client: Client,
  input: SignRequestInput,
  index: number,
  options: StartOptions,
): Promise<BulkStartItem> {
  const businessKey = businessKeyOf(input);
  const item = { index, ...(businessKey === undefined ? {} : { businessKey }) };
  try {
    const started = await startSignRequest(client, input, options);
    return { ...item, status: started.alreadyStarted ? 'alreadyStarted' : 'started', workflowId: started.workflowId };
  } catch (err) {
    const issues = refusalIssues(err);
    if (issues !== undefined) return { ...item, status: 'invalid', issues };
    const workflowId = businessKey === undefined ? {} : { workflowId: workflowIdForBusinessKey(businessKey) };
    return { ...item, ...workflowId, status: 'failed', error: errorOf(err) };
  }
}

export function countBulkStart(items: readonly Pick<BulkStartItem, 'status'>[]): BulkStartCounts {
  const counts = Object.fromEntries(BULK_START_STATUSES.map((status) => [status, 0])) as BulkStartCounts;
  for (const item of items) counts[item.status] += 1;
  return counts;
}

/** The input's business key when it is a well-formed one (a malformed one is reported as an issue, not echoed). */
export function businessKeyOf(input: unknown): string | undefined {
  const key = (input as { businessKey?: unknown } | null)?.businessKey;
  return typeof key === 'string' && BUSINESS_KEY_PATTERN.test(key) ? key : undefined;
}

/**
 * The broken rules of a refused input: InvalidSignRequestInputError, and any other starter refusal that names its
 * fields the same way (e.g. a sender that is not allowed).
 */
export function refusalIssues(err: unknown): ValidationIssue[] | undefined {
  const issues = (err as { issues?: unknown } | null)?.issues;
  return err instanceof Error && Array.isArray(issues) ? (issues as ValidationIssue[]) : undefined;
}

function errorOf(err: unknown): { type: string; message: string } {
  if (!(err instanceof Error)) return { type: 'Error', message: redactText(String(err)) };
  return { type: err.name, message: redactText(err.message.split('\n')[0] ?? '') };
}
