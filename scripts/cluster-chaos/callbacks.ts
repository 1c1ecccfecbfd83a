import { Webhook } from 'standardwebhooks';
import type { CallbackEvent } from '../../contracts';
import { createHttpApp } from '../../http/app';
import { listen } from '../../http/listen';
import { acceptAnyBody } from '../../http/raw-body';

/**
 * The business system's callback endpoint of the cluster chaos: verifies each delivery (Standard Webhooks, the
 * client's secret) and counts every one, so that "every callback delivered once" is measured, not assumed: the
 * outcome events per workflow (distinct webhook-ids) and the deliveries repeated under the same webhook-id.
 */
export interface CountingReceiver {
  url: string;
  /** Distinct outcome (sign_request.*) events per workflow id. */
  outcomeEvents(workflowId: string): number;
  /** Deliveries of an id already received (retries a receiver must de-duplicate). */
  repeatedDeliveries(): number;
  rejected(): number;
  stop(): Promise<void>;
}

export async function startCountingReceiver(callbackSecret: string): Promise<CountingReceiver> {
  const webhook = new Webhook(callbackSecret);
  const outcomes = new Map<string, Set<string>>();
  const seen = new Set<string>();
  let repeated = 0;
  let rejected = 0;
  const app = createHttpApp();
  acceptAnyBody(app, 'buffer');
  app.post('/callbacks', async (request, reply) => {
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const headers = request.headers as Record<string, string>;
    let event: CallbackEvent;
    try {
      event = webhook.verify(rawBody, headers) as CallbackEvent;
    } catch {
      rejected += 1;
      return reply.status(401).send();
    }
    const id = headers['webhook-id'] ?? '';
    if (seen.has(id)) repeated += 1;
    seen.add(id);
    if (event.type.startsWith('sign_request.')) {
      const ids = outcomes.get(event.data.workflowId) ?? new Set<string>();
      outcomes.set(event.data.workflowId, ids.add(id));
    }
    return reply.status(204).send();
  });
  const server = await listen(app, { host: '127.0.0.1', port: 0 });
  return {
    url: `${server.url}/callbacks`,
    outcomeEvents: (workflowId) => outcomes.get(workflowId)?.size ?? 0,
    repeatedDeliveries: () => repeated,
    rejected: () => rejected,
    stop: () => server.stop(),
  };
}
