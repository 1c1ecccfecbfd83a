import { activityInfo, cancellationSignal, heartbeat } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import axios, { isAxiosError } from 'axios';
import type { DeliverCallbackInput, DeliveredCallback, ErrorTypeName } from '../contracts';
import { CALLBACK_RETRY, ErrorType, callbackHost } from '../contracts';
import type { Logger } from '../logging/logger';
import type { CallbackAgents } from './guarded-agents';
import { ADDRESS_REFUSED_CODE, callbackAgents } from './guarded-agents';
import { defaultCallbackResolver } from './callback-resolver';
import type { Resolve } from './url-policy';
import { NON_PUBLIC_RULE, UNRESOLVED_RULE, callbackUrlProblem, callbackUrlShape } from './url-policy';
import { webhookSignatures } from './webhook-signatures';

/** What the worker gives the delivery activity. */
export interface CallbackDeliveryDeps {
  /**
   * The callback secrets (whsec_…) of an API client, newest first (several while it rotates: each signs), or its one
   * secret; undefined when the worker has none for it.
   */
  secretFor(apiClient: string): string | readonly string[] | undefined;
  /** BOX_SIGN_CALLBACK_ALLOW_HOSTS: hosts allowed although they are private (and over plain http). */
  allowHosts: readonly string[];
  /**
   * Callback hosts' addresses: the timed resolver of BOX_SIGN_CALLBACK_DNS_* (its defaults when absent);
   * allow-listed hosts use the system's.
   */
  resolve?: Resolve;
  /** BOX_SIGN_CALLBACK_PROXY_URL; null: no proxy, whatever the environment's HTTP(S)_PROXY say. */
  proxyUrl?: string | null;
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
 * The URL policy holds on the address each connection dials (callbacks/guarded-agents.ts). What the failure says
 * is the class of the answer (`refused: address not allowed`, `unreachable`, `timeout`, `http 5xx`…): it reaches
 * the API client, whose URL must not become a probe of the worker's network. The worker's log has the detail.
 */
export function createCallbackActivities(deps: CallbackDeliveryDeps | undefined, logger: Logger) {
  const agents = deps ? callbackAgents(deps) : undefined;
  return {
    async deliverCallback(input: DeliverCallbackInput): Promise<DeliveredCallback> {
      const { attempt } = activityInfo();
      heartbeat({ attempts: attempt });
      const host = callbackHost(input.url);
      const { secrets, wired } = secretsOrThrow(deps, input.apiClient, attempt);
      const unbound = input.apiClient === null ? null : await wired.startBindingProblem?.(input.apiClient);
      if (unbound) {
        throw stop(
          ErrorType.UnboundApiClientStart,
          `not signed with API client '${input.apiClient}'s secret: ${unbound}`,
          attempt,
        );
      }
      const refused = await refusal(input.url, wired);
      if (refused) throw stop(ErrorType.CallbackUrlRefused, `${host}: refused: ${refused}`, attempt);

      const payload = JSON.stringify(input.event);
      const sentAt = new Date();
      const headers = {
        'content-type': 'application/json',
        'user-agent': CALLBACK_USER_AGENT,
        'webhook-id': input.webhookId,
        'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
        'webhook-signature': webhookSignatures(secrets, input.webhookId, sentAt, payload),
      };
      const status = await post(input.url, payload, headers, agents ?? callbackAgents(wired), (detail) =>
        logger.warn('Callback attempt failed', { event: input.event.type, host, attempt, detail }),
      );
      if (status.code >= 200 && status.code < 300) {
        logger.info('Callback delivered', { event: input.event.type, host, httpStatus: status.code, attempt });
        return { deliveredAt: new Date().toISOString(), attempts: attempt, httpStatus: status.code };
      }
      logger.warn('Callback answered', { event: input.event.type, host, httpStatus: status.code, attempt });
      const answered = `${host}: http ${Math.floor(status.code / 100)}xx`;
      if (status.code >= 300 && status.code < 400) {
        throw stop(ErrorType.CallbackRejected, `${answered}: redirects are not followed`, attempt);
      }
      if (status.code >= 400 && status.code < 500 && status.code !== 408 && status.code !== 429) {
        throw stop(ErrorType.CallbackRejected, `${answered}: not retried`, attempt);
      }
      throw ApplicationFailure.create({
        type: ErrorType.CallbackDeliveryFailed,
        message: answered,
        details: [{ attempts: attempt }],
        ...(status.retryAfterMs !== undefined ? { nextRetryDelay: status.retryAfterMs } : {}),
      });
    },
  };
}

/**
 * What the URL breaks before any connection. Without a proxy, its addresses are checked when the agent dials;
 * through a proxy they can only be checked here (the proxy resolves again and must itself refuse the inside).
 */
async function refusal(url: string, deps: CallbackDeliveryDeps): Promise<string | null> {
  const rule = deps.proxyUrl
    ? await callbackUrlProblem(url, deps.allowHosts, deps.resolve ?? defaultCallbackResolver())
    : (() => {
        const shape = callbackUrlShape(url, deps.allowHosts);
        return shape.ok ? null : shape.rule;
      })();
  if (rule === null) return null;
  if (rule === UNRESOLVED_RULE) {
    // DNS may heal: retried, as when the agent's own look-up fails.
    throw ApplicationFailure.create({
      type: ErrorType.CallbackDeliveryFailed,
      message: `${callbackHost(url)}: unreachable`,
      details: [{ attempts: activityInfo().attempt }],
    });
  }
  return rule === NON_PUBLIC_RULE ? 'address not allowed' : `callback.url ${rule}`;
}

function secretsOrThrow(
  deps: CallbackDeliveryDeps | undefined,
  apiClient: string | null,
  attempt: number,
): { secrets: readonly string[]; wired: CallbackDeliveryDeps } {
  if (apiClient === null) {
    throw stop(
      ErrorType.CallbackSecretMissing,
      'the workflow has no ApiClient search attribute, so no secret can sign its callback (start it through the API ' +
        'or with startSignRequest({ apiClient }))',
      attempt,
    );
  }
  const found = deps?.secretFor(apiClient);
  const secrets = typeof found === 'string' ? [found] : (found ?? []);
  if (deps === undefined || secrets.length === 0) {
    const where = deps ? 'its BOX_SIGN_API_KEYS_FILE does not list that client' : 'BOX_SIGN_API_KEYS_FILE is not set';
    throw stop(
      ErrorType.CallbackSecretMissing,
      `the worker has no callback secret for API client '${apiClient}': ${where}`,
      attempt,
    );
  }
  return { secrets, wired: deps };
}

interface PostStatus {
  code: number;
  retryAfterMs?: number;
}

async function post(
  url: string,
  payload: string,
  headers: Record<string, string>,
  agents: CallbackAgents,
  logDetail: (detail: string) => void,
): Promise<PostStatus> {
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
      // Never HTTP(S)_PROXY from the environment: a proxy is the policy's blind spot, so only a configured one.
      proxy: agents.proxy,
      httpAgent: agents.httpAgent,
      httpsAgent: agents.httpsAgent,
      // The exact bytes that were signed: no re-serialisation.
      transformRequest: [(data: string) => data],
      validateStatus: () => true,
      signal: AbortSignal.any([cancellationSignal(), deadline]),
    });
    return { code: response.status, retryAfterMs: retryAfterMs(response.headers['retry-after']) };
  } catch (err) {
    const code = isAxiosError(err) ? err.code : undefined;
    logDetail(deadline.aborted ? 'deadline' : (code ?? (err instanceof Error ? err.message : String(err))));
    const host = callbackHost(url);
    const attempts = activityInfo().attempt;
    if (code === ADDRESS_REFUSED_CODE) {
      throw stop(ErrorType.CallbackUrlRefused, `${host}: refused: address not allowed`, attempts);
    }
    // Connection refused, DNS, TLS, timeout: may heal. The class only, never the error that says which.
    const timedOut = deadline.aborted || code === 'ECONNABORTED' || code === 'ETIMEDOUT';
    throw ApplicationFailure.create({
      type: ErrorType.CallbackDeliveryFailed,
      message: `${host}: ${timedOut ? 'timeout' : 'unreachable'}`,
      details: [{ attempts }],
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
