import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { CallbackEvent, CallbackEventType } from '../contracts';
import { isOutcomeCallbackEvent } from '../contracts';
import { createHttpApp } from '../http/app';
import { listen } from '../http/listen';
import { acceptAnyBody } from '../http/raw-body';

/** The first verified outcome event (`sign_request.*`) that reached the business system for one workflow. */
export interface CallbackReceipt {
  type: CallbackEventType;
  webhookId: string;
  /** This process's clock when the whole delivery had arrived. */
  receivedAtMs: number;
  /** The event's `timestamp`: when the workflow raised it (workflow time). */
  raisedAtMs: number;
  /** The evidence's documents the event carried (absent from workers before evidence). */
  documents?: number;
}

export interface CallbackReceiverCounts {
  /** Every POST, retries included. */
  deliveries: number;
  /** POSTs whose signature did not verify (answered 401, which stops the delivery: it shows as not delivered). */
  rejected: number;
  /** Verified POSTs with a `webhook-id` already received. */
  duplicates: number;
}

/**
 * The bench's business system: a completion-callback endpoint on the project's HTTP stack that verifies every
 * delivery's Standard Webhooks signature on the raw body bytes, answers 204 at once, and records when each
 * workflow's outcome event arrived.
 */
export interface BenchCallbackReceiver {
  url: string;
  /** The `whsec_…` secret the worker signs with (the bench's API client's `callbackSecret`). */
  secret: string;
  outcome(workflowId: string): CallbackReceipt | undefined;
  counts(): CallbackReceiverCounts;
  /** Forgets everything received: each run counts its own deliveries. */
  reset(): void;
  stop(): Promise<void>;
}

export async function startBenchCallbackReceiver(): Promise<BenchCallbackReceiver> {
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  const webhook = new Webhook(secret);
  const outcomes = new Map<string, CallbackReceipt>();
  const seenIds = new Set<string>();
  let counts: CallbackReceiverCounts = { deliveries: 0, rejected: 0, duplicates: 0 };

  const app = createHttpApp();
  acceptAnyBody(app, 'string');
  app.post('/callbacks', async (request, reply) => {
    const receivedAtMs = Date.now();
    counts.deliveries += 1;
    let event: CallbackEvent;
    try {
      event = webhook.verify(request.body as string, request.headers as Record<string, string>) as CallbackEvent;
    } catch {
      counts.rejected += 1;
      return reply.code(401).send();
    }
    const webhookId = String(request.headers['webhook-id']);
    if (seenIds.has(webhookId)) counts.duplicates += 1;
    seenIds.add(webhookId);
    const workflowId = event.data.workflowId;
    if (isOutcomeCallbackEvent(event.type) && !outcomes.has(workflowId)) {
      outcomes.set(workflowId, {
        type: event.type,
        webhookId,
        receivedAtMs,
        raisedAtMs: Date.parse(event.timestamp),
        documents: event.data.documents?.length ?? 0,
      });
    }
    return reply.code(204).send();
  });
  const server = await listen(app);

  return {
    url: `${server.url}/callbacks`,
    secret,
    outcome: (workflowId) => outcomes.get(workflowId),
    counts: () => ({ ...counts }),
    reset() {
      outcomes.clear();
      seenIds.clear();
      counts = { deliveries: 0, rejected: 0, duplicates: 0 };
    },
    stop: () => server.stop(),
  };
}
