import { activityInfo, cancellationSignal, heartbeat } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import axios, { isAxiosError } from 'axios';
import { Webhook } from 'standardwebhooks';
import type { DeliverCallbackInput, DeliveredCallback, ErrorTypeName } from '../contracts';
import { CALLBACK_RETRY, ErrorType, callbackHost } from '../contracts';
import type { Logger } from '../logging/logger';
import type { Resolve } from './url-policy';
import { callbackUrlProblem } from './url-policy';

/** What the worker gives the delivery activity. */
export interface CallbackDeliveryDeps {
  /** The callback secret (whsec_…) of an API client; undefined when the worker has none for it. */
  secretFor(apiClient: string): string | undefined;
  /** BOX_SIGN_CALLBACK_ALLOW_HOSTS: hosts allowed although they are private (and over plain http). */
  allowHosts: readonly string[];
  resolve?: Resolve;
  /**
   * Why the workflow's start does not bind it to `apiClient` (activities/start-binding-check.ts), or null: its secret
   * then signs nothing. The worker always passes it; absent only where no Temporal is (unit tests).
   */
  startBindingProblem?: (apiClient: string) => Promise<string | null>;
}

export const CALLBACK_USER_AGENT = 'box-sign-temporal-callbacks/1.0';

const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * `deliverCallback`: one signed POST per attempt, per Standard Webhooks. Temporal retries it; this decides what
 * may heal (network, timeout, 408, 429, 5xx) and what may not (other 4xx, redirects, a refused URL, no secret).
 * The URL policy is checked again before every attempt, since the host's addresses may have changed.
 */
export function createCallbackActivities(deps: CallbackDeliveryDeps | undefined, logger: Logger) {
  return {
    async deliverCallback(input: DeliverCallbackInput): Promise<DeliveredCallback> {
      const { attempt } = activityInfo();
      heartbeat({ attempts: attempt });
      const host = callbackHost(input.url);
      const secret = secretOrThrow(deps, input.apiClient, attempt);
      const unbound = input.apiClient === null ? null : await deps?.startBindingProblem?.(input.apiClient);
      if (unbound) {
        throw stop(
          ErrorType.UnboundApiClientStart,
          `not signed with API client '${input.apiClient}'s secret: ${unbound}`,
          attempt,
        );
      }
      const problem = await callbackUrlProblem(input.url, deps?.allowHosts ?? [], deps?.resolve);
      if (problem) throw stop(ErrorType.CallbackUrlRefused, `callback.url ${problem}`, attempt);

      const payload = JSON.stringify(input.event);
      const sentAt = new Date();
      const status = await post(input.url, payload, {
        'content-type': 'application/json',
        'user-agent': CALLBACK_USER_AGENT,
        'webhook-id': input.webhookId,
        'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
        'webhook-signature': new Webhook(secret).sign(input.webhookId, sentAt, payload),
      });
      if (status.code >= 200 && status.code < 300) {
        logger.info('Callback delivered', { event: input.event.type, host, httpStatus: status.code, attempt });
        return { deliveredAt: new Date().toISOString(), attempts: attempt, httpStatus: status.code };
      }
      const answered = `${host} answered HTTP ${status.code}`;
      if (status.code >= 300 && status.code < 400) {
        throw stop(ErrorType.CallbackRejected, `${answered} (redirects are not followed)`, attempt);
      }
      if (status.code >= 400 && status.code < 500 && status.code !== 408 && status.code !== 429) {
        throw stop(ErrorType.CallbackRejected, `${answered}: not retried`, attempt);
      }
      throw ApplicationFailure.create({
        type: ErrorType.CallbackDeliveryFailed,
        message: `${answered}`,
        details: [{ attempts: attempt }],
        ...(status.retryAfterMs !== undefined ? { nextRetryDelay: status.retryAfterMs } : {}),
      });
    },
  };
}

function secretOrThrow(deps: CallbackDeliveryDeps | undefined, apiClient: string | null, attempt: number): string {
  if (apiClient === null) {
    throw stop(
      ErrorType.CallbackSecretMissing,
      'the workflow has no ApiClient search attribute, so no secret can sign its callback (start it through the API ' +
        'or with startSignRequest({ apiClient }))',
      attempt,
    );
  }
  const secret = deps?.secretFor(apiClient);
  if (secret === undefined) {
    const where = deps ? 'its BOX_SIGN_API_KEYS_FILE does not list that client' : 'BOX_SIGN_API_KEYS_FILE is not set';
    throw stop(
      ErrorType.CallbackSecretMissing,
      `the worker has no callback secret for API client '${apiClient}': ${where}`,
      attempt,
    );
  }
  return secret;
}

interface PostStatus {
  code: number;
  retryAfterMs?: number;
}

async function post(url: string, payload: string, headers: Record<string, string>): Promise<PostStatus> {
  // axios's `timeout` is the socket's idle time: a receiver that trickles a byte now and then would hold the attempt
  // (and its worker slot) for ever. This deadline covers the whole exchange, the answer's body included.
  const deadline = AbortSignal.timeout(CALLBACK_RETRY.attemptTimeoutMs);
  try {
    const response = await axios.post<string>(url, payload, {
      headers,
      timeout: CALLBACK_RETRY.attemptTimeoutMs,
      maxRedirects: 0,
      maxContentLength: MAX_RESPONSE_BYTES,
      responseType: 'text',
      // The exact bytes that were signed: no re-serialisation.
      transformRequest: [(data: string) => data],
      validateStatus: () => true,
      signal: AbortSignal.any([cancellationSignal(), deadline]),
    });
    return { code: response.status, retryAfterMs: retryAfterMs(response.headers['retry-after']) };
  } catch (err) {
    // Connection refused, DNS, TLS, timeout: may heal. The message names the host, never the path or query.
    const reason = deadline.aborted
      ? `no complete answer within ${CALLBACK_RETRY.attemptTimeoutMs / 1000} s`
      : isAxiosError(err)
        ? (err.code ?? err.message)
        : String(err);
    throw ApplicationFailure.create({
      type: ErrorType.CallbackDeliveryFailed,
      message: `${callbackHost(url)} could not be reached: ${reason}`,
      details: [{ attempts: activityInfo().attempt }],
    });
  }
}

/** Retry-After in seconds, capped at the back-off's maximum; absent or a date → Temporal's own back-off. */
function retryAfterMs(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\d+$/.test(value.trim())) return undefined;
  return Math.min(Number(value) * 1000, CALLBACK_RETRY.maximumIntervalMs);
}

function stop(type: ErrorTypeName, message: string, attempts: number): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true, details: [{ attempts }] });
}
