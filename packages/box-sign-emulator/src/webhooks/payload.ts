import type { StoredSignRequest } from '../model';
import type { EmulatorUser } from '../users';

/**
 * `webhook.id` of an aimed delivery (`POST /_emulator/webhooks/send`) for a request no webhook covers: there is no
 * webhook that fired. Box ids are digit strings; registered webhooks count from 3000000001.
 */
export const UNREGISTERED_WEBHOOK_ID = '2000000001';

export interface EventBodyInput {
  eventId: string;
  /** The id of the webhook that fired. */
  webhookId: string;
  /** As written in the delivery (either spelling of a disputed name). */
  trigger: string;
  request: StoredSignRequest;
  /** Emulator-clock epoch milliseconds: when Box saw the change. */
  createdAtMs: number;
  /** The request's sender (Box's `created_by`). */
  sender: EmulatorUser;
  includeExternalId: boolean;
  /**
   * `additional_info.signer_emails` when the event is about some signers only (a bounce names the signer whose
   * e-mail bounced: Box publishes no example of this payload, this is the emulator's reading); every address else.
   */
  signerEmails?: string[];
}

/**
 * Box's webhook payload for a Sign trigger (box-sign-api.md §6.3, the shape observed for SIGN_REQUEST.COMPLETED):
 * the source is the sign file, `additional_info` names the request, its signers and its external id.
 */
export function eventBody(input: EventBodyInput): string {
  const { request } = input;
  const file = request.sign_files[0];
  return JSON.stringify({
    type: 'webhook_event',
    id: input.eventId,
    created_at: rfc3339(input.createdAtMs),
    trigger: input.trigger,
    webhook: { id: input.webhookId, type: 'webhook' },
    created_by: { type: 'user', id: input.sender.id, name: input.sender.name, login: input.sender.login },
    source: {
      type: 'file',
      id: file?.id ?? request.source_file_ids[0] ?? '0',
      name: file?.name ?? request.name,
      parent: { type: 'folder', id: request.parent_folder_id },
    },
    additional_info: {
      sign_request_id: request.id,
      // The sender first; Box lists the sender among the signers too (as a final_copy_reader), once.
      signer_emails: input.signerEmails ?? [...new Set([request.sender_email, ...request.signers.map((s) => s.email)])],
      external_id: input.includeExternalId ? request.external_id : null,
    },
  });
}

/** Box's timestamp style: seconds precision with a zone offset (e.g. 2024-01-29T23:32:33+00:00). */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}
