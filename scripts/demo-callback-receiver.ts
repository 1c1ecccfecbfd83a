import { Webhook } from 'standardwebhooks';
import type { CallbackEvent } from '../contracts';
import { createHttpApp } from '../http/app';
import { listen } from '../http/listen';
import { acceptAnyBody } from '../http/raw-body';

/**
 * The demo's business-system side: a callback endpoint that verifies each delivery's Standard Webhooks signature
 * on the raw body bytes with the API client's secret, answers 204 (401 when it does not verify) and keeps each
 * event once per `webhook-id`, as a real receiver de-duplicates retries.
 */

const CALLBACK_PATH = '/demo/callbacks';

export interface VerifiedCallback {
  webhookId: string;
  event: CallbackEvent;
}

export interface DemoCallbackReceiver {
  url: string;
  /** The first verified `sign_request.*` event of this workflow; rejects after `timeoutMs` saying what arrived. */
  outcomeEvent(workflowId: string, timeoutMs: number): Promise<VerifiedCallback>;
  stop(): Promise<void>;
}

export async function startDemoCallbackReceiver(callbackSecret: string): Promise<DemoCallbackReceiver> {
  const webhook = new Webhook(callbackSecret);
  const verified = new Map<string, VerifiedCallback>();
  const rejected: string[] = [];
  const waiters = new Set<() => void>();

  const app = createHttpApp();
  acceptAnyBody(app, 'buffer');
  app.post(CALLBACK_PATH, async (request, reply) => {
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const headers = request.headers as Record<string, string>;
    try {
      const event = webhook.verify(rawBody, headers) as CallbackEvent;
      const webhookId = headers['webhook-id'] ?? '';
      if (!verified.has(webhookId)) verified.set(webhookId, { webhookId, event });
    } catch (err) {
      rejected.push(err instanceof Error ? err.message : String(err));
      return reply.status(401).send();
    }
    for (const wake of waiters) wake();
    return reply.status(204).send();
  });
  const server = await listen(app, { host: '127.0.0.1', port: 0 });

  const find = (workflowId: string) =>
    [...verified.values()].find(
      ({ event }) => event.data.workflowId === workflowId && event.type.startsWith('sign_request.'),
    );

  return {
    url: `${server.url}${CALLBACK_PATH}`,
    outcomeEvent(workflowId, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = find(workflowId);
          if (found === undefined) return;
          cleanUp();
          resolve(found);
        };
        const timer = setTimeout(() => {
          cleanUp();
          const why = rejected.length > 0 ? `${rejected.length} delivery(ies) failed verification: ${rejected[0]}` : '';
          reject(new Error(`no verified outcome callback within ${timeoutMs / 1000} s${why ? ` (${why})` : ''}`));
        }, timeoutMs);
        const cleanUp = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    stop: () => server.stop(),
  };
}
