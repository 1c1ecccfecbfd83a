/** Box's webhook API JSON (#/components/schemas/Webhook and the `POST /webhooks` body), snake_case as Box sends it. */

export interface BoxWebhookCreateBody {
  target: { id: string; type: 'file' | 'folder' };
  /** https on port 443, publicly reachable, not a box.com host (box-sign-api.md §6.2). */
  address: string;
  triggers: string[];
}

export interface BoxWebhook {
  id: string;
  type: 'webhook';
  target?: { id?: string; type?: string };
  created_by?: { type?: string; id?: string; name?: string; login?: string };
  created_at?: string;
  address?: string;
  triggers?: string[];
  [extra: string]: unknown;
}
