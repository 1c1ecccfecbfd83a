import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { CallbackEvent } from '../../contracts';

/** A Standard Webhooks secret, as the API clients file holds it. */
export function generateCallbackSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export interface ReceivedCallback {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** What the receiver answered. */
  status: number;
  /** The event, when the signature verified with the standardwebhooks library; null when it did not. */
  event: CallbackEvent | null;
  verifyError: string | null;
}

/**
 * A business system's callback endpoint over real HTTP: verifies every delivery with the standardwebhooks
 * library, records it, and answers what `answer` says (200 by default).
 */
export interface CallbackReceiver {
  url: string;
  received: ReceivedCallback[];
  /** Deliveries (all attempts) with this workflow id in their verified event. */
  forWorkflow(workflowId: string): ReceivedCallback[];
  answer: (delivery: { body: string; attempt: number; headers: IncomingHttpHeaders }) => number;
  stop(): Promise<void>;
}

export async function startCallbackReceiver(secret: string): Promise<CallbackReceiver> {
  const webhook = new Webhook(secret);
  const received: ReceivedCallback[] = [];
  const receiver: CallbackReceiver = {
    url: '',
    received,
    forWorkflow: (workflowId) => received.filter((r) => r.event?.data.workflowId === workflowId),
    answer: () => 200,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let event: CallbackEvent | null = null;
      let verifyError: string | null = null;
      try {
        event = webhook.verify(body, req.headers as Record<string, string>) as CallbackEvent;
      } catch (err) {
        verifyError = err instanceof Error ? err.message : String(err);
      }
      const id = req.headers['webhook-id'];
      const attempt = received.filter((r) => r.headers['webhook-id'] === id).length + 1;
      const status = receiver.answer({ body, attempt, headers: req.headers });
      received.push({ path: req.url ?? '', headers: req.headers, body, status, event, verifyError });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/box-sign?token=receiver-token`;
  return receiver;
}
