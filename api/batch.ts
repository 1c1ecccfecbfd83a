import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { z } from 'zod';
import { defaultCallbackResolver, resolvingOncePerHost } from '../callbacks/callback-resolver';
import type { Resolve } from '../callbacks/url-policy';
import { mapBounded } from '../client/bounded';
import { businessKeyOf, DEFAULT_BULK_CONCURRENCY, refusalIssues } from '../client/bulk-start';
import type { ApiClientEntry } from '../config/api-clients';
import type { ValidationIssue } from '../contracts';
import { SIGN_REQUEST_WORKFLOW_TYPE, clientScopedWorkflowId } from '../contracts';
import type { Logger } from '../logging/logger';
import type { signRequestWorkflow } from '../workflows';
import type { CreateContext } from './create';
import { apiStartOptions, belongsTo } from './create';
import { isTemporalUnreachable } from './error-handler';
import { describeOwnedByKey } from './ownership';
import type { batchAnswerSchema } from './schemas';
import { checkSignRequestInput } from './validate-input';

export type BatchAnswer = z.infer<typeof batchAnswerSchema>;
export type BatchItem = BatchAnswer['items'][number];

export interface BatchContext extends CreateContext {
  callbackAllowHosts: readonly string[];
  /** Callback hosts' addresses (BOX_SIGN_CALLBACK_DNS_*); default: the timed resolver's defaults. */
  callbackResolve?: Resolve;
  /** BOX_SIGN_ALLOWED_SENDERS: the senders a request may name, narrowed by a client's own `senders`. */
  allowedSenders: readonly string[];
  /** API_MIN_POLL_INTERVAL_MS: the smallest polling interval an input may ask for. */
  minPollIntervalMs: number;
  logger: Logger;
}

/** Where GET /v1/sign-requests/{businessKey} and its result are (the same links the single POST answers). */
export type LinksOf = (businessKey: string) => { statusUrl: string; resultUrl: string };

/**
 * POST /v1/sign-requests/batch: each input checked and started as the single POST does (same rules, same start
 * options, one request per business key of this client, the same body again is a repeat, another body a conflict), a
 * few at once, without waiting for Box. An item that fails does not stop the others; when Temporal does not
 * answer, the whole batch is a 503 (send it again: what started is then alreadyStarted).
 */
export async function startBatch(
  ctx: BatchContext,
  apiClient: ApiClientEntry,
  requests: readonly unknown[],
  linksOf: LinksOf,
): Promise<BatchAnswer> {
  const unreachable: unknown[] = [];
  // A thousand items naming one callback host ask the name servers once, not a thousand times.
  const batchCtx = { ...ctx, callbackResolve: resolvingOncePerHost(ctx.callbackResolve ?? defaultCallbackResolver()) };
  const items = await mapBounded(
    requests,
    { concurrency: DEFAULT_BULK_CONCURRENCY, keyOf: businessKeyOf },
    async (body, index) => {
      try {
        return await startItem(batchCtx, apiClient, body, index, linksOf);
      } catch (err) {
        if (isTemporalUnreachable(err)) unreachable.push(err);
        return failedItem(ctx, apiClient, index, body, err);
      }
    },
  );
  if (unreachable.length > 0) throw unreachable[0];
  return { summary: summaryOf(items), items };
}

async function startItem(
  ctx: BatchContext,
  apiClient: ApiClientEntry,
  body: unknown,
  index: number,
  linksOf: LinksOf,
): Promise<BatchItem> {
  const check = await checkSignRequestInput(
    body,
    ctx.callbackAllowHosts,
    { deployment: ctx.allowedSenders, apiClient: apiClient.senders },
    ctx.minPollIntervalMs,
    ctx.callbackResolve,
  );
  if (!check.ok) return invalidItem(index, body, check.issues);
  const { businessKey } = check.input;
  let existing = await describeOwnedByKey(ctx.client, businessKey, apiClient.name);
  // This client's own request (a legacy id when it started it before ids were client-scoped), else its scoped id.
  const workflowId = existing?.workflowId ?? clientScopedWorkflowId(apiClient.name, businessKey);
  const links = { businessKey, workflowId, ...linksOf(businessKey) };
  if (existing === null) {
    try {
      await ctx.client.workflow.start<typeof signRequestWorkflow>(SIGN_REQUEST_WORKFLOW_TYPE, {
        ...apiStartOptions(ctx, apiClient, check.input),
        workflowIdConflictPolicy: 'FAIL',
      });
      return { index, status: 'started', ...links };
    } catch (err) {
      const issues = refusalIssues(err);
      if (issues !== undefined) return invalidItem(index, body, issues);
      // Started by someone else between the describe and the start, or closed and kept (REJECT_DUPLICATE).
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      existing = await ctx.client.workflow.getHandle(workflowId).describe();
    }
  }
  if (!belongsTo(existing, apiClient, check.input)) return { index, status: 'conflict', businessKey };
  return { index, status: 'alreadyStarted', ...links };
}

function invalidItem(index: number, body: unknown, errors: ValidationIssue[]): BatchItem {
  const businessKey = businessKeyOf(body);
  return { index, status: 'invalid', ...(businessKey === undefined ? {} : { businessKey }), errors };
}

/** The reason goes to the log, not the answer (like any 500 of the API). */
function failedItem(
  ctx: BatchContext,
  apiClient: ApiClientEntry,
  index: number,
  body: unknown,
  err: unknown,
): BatchItem {
  const businessKey = businessKeyOf(body);
  ctx.logger.error('api: a batch item could not be started', {
    businessKey: businessKey ?? null,
    error: err instanceof Error ? (err.stack ?? err.message) : String(err),
  });
  return {
    index,
    status: 'failed',
    ...(businessKey === undefined
      ? {}
      : { businessKey, workflowId: clientScopedWorkflowId(apiClient.name, businessKey) }),
    failure: {
      type: err instanceof Error ? err.name : 'Error',
      message: 'The start could not be completed; the API log has the reason.',
    },
  };
}

function summaryOf(items: readonly BatchItem[]): BatchAnswer['summary'] {
  const summary = { started: 0, alreadyStarted: 0, invalid: 0, conflict: 0, failed: 0 };
  for (const item of items) summary[item.status] += 1;
  return summary;
}
