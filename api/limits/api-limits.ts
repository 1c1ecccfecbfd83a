import type { FastifyReply, FastifyRequest } from 'fastify';
import { replyProblem } from '../problems';
import { ConcurrencyCap } from './concurrency-cap';
import type { Refusal } from './token-buckets';
import { TokenBuckets } from './token-buckets';

export interface ApiLimitsOptions {
  /** API_RATE_LIMIT_PER_MINUTE: per client, a batch counting its items. */
  requestsPerMinute: number;
  /** API_AUTH_FAILURES_PER_MINUTE: per client address. */
  authFailuresPerMinute: number;
  /** API_LONG_POLLS_PER_CLIENT. */
  longPollsPerClient: number;
  now?: () => number;
}

/**
 * The /v1 limits, in this replica's memory (docs/api.md#limits: with N replicas a client gets up to N times each).
 * In the order of the hooks: an address past its failed-authentication budget is refused before its key is even
 * looked at; an authenticated request is charged to its client before its body is read; a batch is charged its
 * other items once its envelope is known; a result long poll holds one of its client's slots while it waits.
 */
export class ApiLimits {
  private readonly requests: TokenBuckets;
  private readonly authFailures: TokenBuckets;
  private readonly longPolls: ConcurrencyCap;
  private readonly sweeper: NodeJS.Timeout;

  constructor(options: ApiLimitsOptions) {
    this.requests = new TokenBuckets(options.requestsPerMinute, options.now);
    this.authFailures = new TokenBuckets(options.authFailuresPerMinute, options.now);
    this.longPolls = new ConcurrencyCap(options.longPollsPerClient);
    this.sweeper = setInterval(() => {
      this.requests.sweep();
      this.authFailures.sweep();
    }, 60_000).unref();
  }

  /** onRequest, before authentication: the connection's address (no forwarded header: a client could write one). */
  readonly refuseFailingAddress = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const refusal = this.authFailures.check(request.ip);
    if (refusal === null) return;
    await replyRateLimited(reply, refusal, 'Too many requests without a valid API key from this address.');
  };

  /** bearerAuth's failure: one more against the address. */
  authenticationFailed(request: FastifyRequest): void {
    this.authFailures.take(request.ip);
  }

  /** onRequest, right after authentication: one request of the client's budget. */
  readonly chargeClient = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const client = request.apiClient?.name;
    if (client === undefined) return;
    const refusal = this.requests.take(client);
    if (refusal === null) return;
    await replyRateLimited(
      reply,
      refusal,
      `At most ${this.requests.perMinute} requests per minute for this API client; retry in ${refusal.retryAfterSeconds} s.`,
    );
  };

  /** The most items one batch can ever be charged (a bigger one could never pass). */
  get batchItemsAtMost(): number {
    return this.requests.perMinute;
  }

  /** A batch of `items` costs `items` requests; its own request was charged already. Null when it fits. */
  chargeBatch(client: string, items: number): Refusal | null {
    return items > 1 ? this.requests.take(client, items - 1) : null;
  }

  /** A slot for one result long poll of the client (release it when the wait ends), or null when all are taken. */
  enterLongPoll(client: string): (() => void) | null {
    return this.longPolls.enter(client);
  }

  get longPollsPerClient(): number {
    return this.longPolls.max;
  }

  close(): void {
    clearInterval(this.sweeper);
  }
}

export function replyRateLimited(reply: FastifyReply, refusal: Refusal, detail: string): FastifyReply {
  reply.header('retry-after', String(refusal.retryAfterSeconds));
  return replyProblem(reply, 'rateLimited', detail);
}
