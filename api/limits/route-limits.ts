import type { FastifyReply } from 'fastify';
import { replyProblem } from '../problems';
import type { ApiLimits } from './api-limits';
import { replyRateLimited } from './api-limits';

/**
 * A batch costs one request per item. True when it was refused (the answer is sent, nothing started): 429 when its
 * items do not fit in what is left of the client's minute, 400 when they never could (more than a minute's budget).
 */
export function refuseOverBudgetBatch(limits: ApiLimits, client: string, items: number, reply: FastifyReply): boolean {
  if (items > limits.batchItemsAtMost) {
    const rule = `must have at most ${limits.batchItemsAtMost} items: the requests per minute this API allows a client`;
    void replyProblem(reply, 'invalidInput', `requests ${rule}.`, { errors: [{ field: 'requests', rule }] });
    return true;
  }
  const refusal = limits.chargeBatch(client, items);
  if (refusal === null) return false;
  void replyRateLimited(
    reply,
    refusal,
    `A batch counts each of its ${items} requests: not enough of this API client's ${limits.batchItemsAtMost} ` +
      `requests per minute are left; retry in ${refusal.retryAfterSeconds} s.`,
  );
  return true;
}

/** How long a client told to wait for a long-poll slot should wait: a poll ends within its waitSeconds (≤ 60 s). */
const LONG_POLL_RETRY_AFTER_SECONDS = 5;

/**
 * A result long poll (`waitMs` > 0) holds one of its client's slots while it waits; with every slot taken it is
 * answered 429 (null returned, the answer sent) instead of waiting. A poll that does not wait needs no slot.
 */
export async function withLongPollSlot<T>(
  limits: ApiLimits,
  client: string,
  waitMs: number,
  reply: FastifyReply,
  wait: () => Promise<T>,
): Promise<T | null> {
  if (waitMs <= 0) return wait();
  const leave = limits.enterLongPoll(client);
  if (leave === null) {
    await replyRateLimited(
      reply,
      { retryAfterSeconds: LONG_POLL_RETRY_AFTER_SECONDS },
      `At most ${limits.longPollsPerClient} result long polls at once for this API client: wait for one to end, or ` +
        'ask with waitSeconds=0.',
    );
    return null;
  }
  try {
    return await wait();
  } finally {
    leave();
  }
}
