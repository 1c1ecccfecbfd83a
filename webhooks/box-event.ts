/**
 * The part of Box's webhook payload (box-sign-api.md §6.3) the receiver relies on, read only after the signature
 * checked out. Everything else (source file, signer e-mails) is left unread: it is not needed and it is PII — except
 * the e-mails of a bounce, which say whose invitation bounced.
 */
export interface BoxWebhookEvent {
  /** Stable across Box's retries of the same event: the de-duplication key. */
  id: string;
  trigger: string;
  /** Present for Sign triggers; `additional_info` is an array for other triggers, so it may be missing. */
  signRequestId: string | null;
  /** Box's `external_id` when the payload carries one (ours is the workflow id). */
  externalId: string | null;
  /** `created_by.id`: the Box user the event is about (the request's sender), when the payload names one. */
  createdById: string | null;
  /** SIGN_REQUEST.SIGNER_EMAIL_BOUNCED only: `additional_info.signer_emails` (whose e-mail bounced); else empty. */
  signerEmails: string[];
}

const BOUNCED = 'SIGN_REQUEST.SIGNER_EMAIL_BOUNCED';
const MAX_EMAIL = 254;

export type ParsedEvent = { ok: true; event: BoxWebhookEvent } | { ok: false; problem: string };

const ID = /^[A-Za-z0-9._:-]{1,200}$/;
/** Anything else in `created_by.id` is ignored: the look-up then goes as the default identity. */
const BOX_USER_ID = /^\d{1,20}$/;

export function parseBoxEvent(rawBody: Buffer): ParsedEvent {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return { ok: false, problem: 'body is not JSON' };
  }
  if (!isRecord(body)) return { ok: false, problem: 'body is not a JSON object' };
  if (body.type !== 'webhook_event') return { ok: false, problem: "type is not 'webhook_event'" };
  if (typeof body.id !== 'string' || !ID.test(body.id)) return { ok: false, problem: 'id is missing or malformed' };
  if (typeof body.trigger !== 'string' || body.trigger === '') return { ok: false, problem: 'trigger is missing' };
  const info = isRecord(body.additional_info) ? body.additional_info : {};
  const signRequestId = typeof info.sign_request_id === 'string' ? info.sign_request_id : null;
  if (signRequestId !== null && !ID.test(signRequestId)) {
    return { ok: false, problem: 'additional_info.sign_request_id is malformed' };
  }
  const externalId = typeof info.external_id === 'string' && info.external_id !== '' ? info.external_id : null;
  const createdBy = isRecord(body.created_by) ? body.created_by : {};
  const createdById = typeof createdBy.id === 'string' && BOX_USER_ID.test(createdBy.id) ? createdBy.id : null;
  const signerEmails =
    body.trigger === BOUNCED && Array.isArray(info.signer_emails)
      ? info.signer_emails.filter((e): e is string => typeof e === 'string' && e.length <= MAX_EMAIL).slice(0, 64)
      : [];
  return {
    ok: true,
    event: { id: body.id, trigger: body.trigger, signRequestId, externalId, createdById, signerEmails },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
