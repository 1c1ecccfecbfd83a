import { Webhook } from 'standardwebhooks';

/**
 * The `webhook-signature` header: one `v1,<signature>` per secret, space-separated, as Standard Webhooks allows. While
 * a client's secret rotates, a receiver that holds only the new secret or only the old one verifies the same callback.
 */
export function webhookSignatures(
  secrets: readonly string[],
  webhookId: string,
  sentAt: Date,
  payload: string,
): string {
  return secrets.map((secret) => new Webhook(secret).sign(webhookId, sentAt, payload)).join(' ');
}
