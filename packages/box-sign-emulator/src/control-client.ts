/**
 * A typed client for the emulator's control API (`/_emulator/…`), used by the demo and the tests to act
 * as Box's signers and to look at what Box received. Real HTTP (Node's fetch), never Box's API paths.
 */

import type { MintedDeveloperToken } from './auth';
import type { StoredBoxFile } from './files/model';
import type { OutboxMessage } from './model';
import type { EmulatorUser, EmulatorUserView } from './users';
import type { NewTemplate } from './templates/templates';
import type { DeliveryRecord } from './webhooks/sender';

export type { EmulatorUser, EmulatorUserView, MintedDeveloperToken, NewTemplate, OutboxMessage };

/**
 * A file the emulator holds (`GET /_emulator/files`): uploaded (`origin: 'upload'`), or made by a sign request
 * (`sign_file`, `signing_log`, `attachment`, with its `sign_request_id`). Times are emulator-clock epoch ms.
 */
export type EmulatorFile = StoredBoxFile;

/** What a signer gives when signing through the control API (`sign`): values typed or ticked, files attached. */
export interface SignerGivenInput {
  type: 'text' | 'checkbox' | 'date';
  text_value?: string;
  checkbox_value?: boolean;
  /** YYYY-MM-DD. */
  date_value?: string;
  /** Box's `content_type`; default: the type. */
  content_type?: string;
  document_tag_id?: string;
  page_index?: number;
}

export interface SignerGiven {
  inputs?: SignerGivenInput[];
  attachments?: { name: string; content_base64: string }[];
}

export interface EmulatorSignerView {
  email: string;
  role: string;
  order: number;
  invited: boolean;
  verified: boolean;
  failed_verification_attempts: number;
  needs: 'sms_code' | 'password' | 'login' | 'cac_piv' | null;
  has_viewed: boolean;
  decision: string | null;
  signs_at: string | null;
}

export interface EmulatorRequestView {
  sign_request: { id: string; status: string; external_id?: string | null; [key: string]: unknown };
  signers: EmulatorSignerView[];
  cancel_reason?: string | null;
  resend_count?: number;
  last_sent_at?: string | null;
}

export interface EmulatorCall {
  at: string;
  method: string;
  path: string;
  /** 0 when no answer was sent (a `timeout` fault). */
  status: number;
  external_id?: string | null;
  /** The acting user (`as-user`, else the authenticated user); absent for /oauth2 calls and 401/403 refusals. */
  user_id?: string;
  fault?: 'latency' | 'timeout' | 'drop_after_commit' | 'drop_mid_body';
  rate_limited?: true;
}

/**
 * See src/faults.ts: `error` (the default) needs `status`; `latency` needs `delay_ms`; `drop_mid_body` cuts the
 * answer's body after `after_bytes` (default 0) — on `GET /2.0/files/{id}/content`, the download it redirects to.
 */
export interface FaultSpec {
  kind?: 'error' | 'latency' | 'timeout' | 'drop_after_commit' | 'drop_mid_body';
  method?: string;
  path?: string;
  status?: number;
  /** Hits before the fault is used up; default 1, or unlimited when `percent` is given. */
  count?: number;
  /** Share of matching calls hit (0–100], default 100. */
  percent?: number;
  retry_after_seconds?: number;
  code?: string;
  delay_ms?: number;
  after_bytes?: number;
}

export interface InstalledFault extends FaultSpec {
  id: number;
  remaining: number | null;
  applied: number;
}

export interface RateLimits {
  enabled: boolean;
  create_resend_per_minute: number;
  get_per_minute: number;
  /** Box's 240 uploads per minute (direct uploads and new upload sessions). */
  upload_per_minute?: number;
}

export interface EmulatorStats {
  calls: number;
  by_status: Record<string, number>;
  faults: { error: number; latency: number; timeout: number; drop_after_commit: number; drop_mid_body: number };
  rate_limited: number;
  /** Per acting user id: its calls and its 429s from the rate limits. */
  by_user: Record<string, { calls: number; rate_limited: number }>;
}

/** The emulator's webhook delivery settings (PUT takes any subset; keys are write-only). */
export interface WebhookSettings {
  address?: string | null;
  primary_key?: string | null;
  secondary_key?: string | null;
  /** Sign triggers in either spelling. */
  triggers?: string[];
  trigger_spelling?: 'guide' | 'spec';
  accepted_trigger_spelling?: 'guide' | 'spec' | 'both';
  max_retries?: number;
  retry_base_delay_ms?: number;
  include_external_id?: boolean;
}

export interface WebhookSettingsView extends Omit<WebhookSettings, 'primary_key' | 'secondary_key'> {
  has_primary_key: boolean;
  has_secondary_key: boolean;
  pending: number;
  dropping_next: number;
  registrations: { id: string; target: { id: string; type: string }; address: string; triggers: string[] }[];
}

/** One delivery attempt as the emulator recorded it. */
export type WebhookDelivery = DeliveryRecord;

/** A deliberately made delivery: see emulator/webhooks/crafted.ts. `replay` re-sends `delivery_id` (default: the last). */
export interface CraftedWebhook {
  kind: 'genuine' | 'forged' | 'wrong_key' | 'stale' | 'future' | 'unsigned' | 'bad_version' | 'malformed' | 'replay';
  sign_request_id?: string;
  trigger?: string;
  delivery_id?: string;
  include_external_id?: boolean;
}

export interface CraftedWebhookResult {
  delivery_id: string;
  event_id: string;
  /** What the receiver answered. */
  status: number;
  body: unknown;
}

export interface ActionResult {
  status: number;
  /** The emulator's JSON answer; refusals carry `error` (e.g. wrong_code) and, when verification is missing, `needs`. */
  body: { error?: string; needs?: string | null; [key: string]: unknown };
}

export class EmulatorControl {
  constructor(readonly baseUrl: string) {}

  async requests(): Promise<EmulatorRequestView[]> {
    const body = await this.json<{ sign_requests: EmulatorRequestView[] } | EmulatorRequestView[]>(
      'GET',
      '/sign_requests',
    );
    return Array.isArray(body) ? body : body.sign_requests;
  }

  async request(id: string): Promise<EmulatorRequestView> {
    return this.json('GET', `/sign_requests/${encodeURIComponent(id)}`);
  }

  async findByExternalId(externalId: string): Promise<EmulatorRequestView[]> {
    const body = await this.json<{ sign_requests: EmulatorRequestView[] }>(
      'GET',
      `/sign_requests?external_id=${encodeURIComponent(externalId)}`,
    );
    return body.sign_requests.filter((r) => r.sign_request.external_id === externalId);
  }

  /**
   * Stores `count` plain requests of a sender (`userId`, default the authenticated user; external_ids
   * `<prefix>-1`…), created `createdAgoMs` before the emulator's now, without Box's rate limits, faults or call
   * log: a busy sender's history.
   */
  async seedRequests(
    count: number,
    options: { createdAgoMs?: number; externalIdPrefix?: string; userId?: string } = {},
  ): Promise<void> {
    await this.json('POST', '/sign_requests/seed', {
      count,
      created_ago_ms: options.createdAgoMs,
      external_id_prefix: options.externalIdPrefix,
      user_id: options.userId,
    });
  }

  /** The authenticated user, the built-in senders (EMULATOR_USERS) and any added ones. */
  async users(): Promise<EmulatorUserView[]> {
    return (await this.json<{ users: EmulatorUserView[] }>('GET', '/users')).users;
  }

  /** A new user `as-user` may name (`name` defaults to the login); throws on a taken id or login (409). */
  async addUser(user: { id: string; login: string; name?: string }): Promise<EmulatorUser> {
    return this.json('POST', '/users', user);
  }

  /**
   * A signer action (send-code, verify, view, sign, decline, bounce). Refusals are returned, not thrown: they are the
   * point.
   */
  async signer(
    id: string,
    email: string,
    action: 'send-code' | 'verify' | 'login' | 'present-card' | 'view' | 'sign' | 'decline' | 'bounce',
    body: Record<string, unknown> = {},
  ): Promise<ActionResult> {
    const path = `/sign_requests/${encodeURIComponent(id)}/signers/${encodeURIComponent(email)}/${action}`;
    return this.send('POST', path, body);
  }

  /** The signer passes verification and signs `afterInviteMs` after being invited, on the emulator's clock. */
  async scheduleSignature(id: string, email: string, afterInviteMs: number): Promise<EmulatorRequestView> {
    const path = `/sign_requests/${encodeURIComponent(id)}/signers/${encodeURIComponent(email)}/schedule-signature`;
    return this.json('POST', path, { after_invite_ms: afterInviteMs });
  }

  /** The enterprise's switches: whether CAC/PIV verification is allowed (off by default). */
  async setEnterprise(settings: { cac_piv_enabled?: boolean }): Promise<{ cac_piv_enabled: boolean }> {
    return this.json('PUT', '/enterprise', settings);
  }

  /** A Box Sign template, as an admin would make it in Box's web app (the API cannot create them). */
  async addTemplate(template: NewTemplate): Promise<{ id: string; [key: string]: unknown }> {
    return this.json('POST', '/sign_templates', template);
  }

  async outbox(signRequestId: string, email: string): Promise<OutboxMessage[]> {
    const query = `?sign_request_id=${encodeURIComponent(signRequestId)}&email=${encodeURIComponent(email)}`;
    return (await this.json<{ messages: OutboxMessage[] }>('GET', `/outbox${query}`)).messages;
  }

  async latestCode(signRequestId: string, email: string): Promise<string> {
    const latest = (await this.outbox(signRequestId, email)).at(-1);
    if (latest === undefined) throw new Error(`no SMS code was sent to ${email}`);
    return latest.code;
  }

  async prepare(id: string): Promise<void> {
    await this.json('POST', `/sign_requests/${encodeURIComponent(id)}/prepare`, {});
  }

  async forceStatus(id: string, status: string, errorCode?: string): Promise<void> {
    await this.json('POST', `/sign_requests/${encodeURIComponent(id)}/force-status`, { status, error_code: errorCode });
  }

  async advanceClock(by: { ms?: number; days?: number }): Promise<void> {
    await this.json('POST', '/clock/advance', by);
  }

  /** A new developer token, valid for 60 minutes on the emulator clock (as Box's console generates one). */
  async mintDeveloperToken(): Promise<MintedDeveloperToken> {
    return this.json('POST', '/developer-token', {});
  }

  /** Puts folder `id` inside `parentId` (`'0'`: the root), so that webhooks on `parentId` cascade to it. */
  async setFolderParent(id: string, parentId: string): Promise<void> {
    await this.json('PUT', `/folders/${encodeURIComponent(id)}`, { parent_id: parentId });
  }

  async addFault(fault: FaultSpec): Promise<InstalledFault> {
    return this.json('POST', '/faults', fault);
  }

  async faults(): Promise<InstalledFault[]> {
    return (await this.json<{ faults: InstalledFault[] }>('GET', '/faults')).faults;
  }

  async removeFault(id: number): Promise<void> {
    await this.json('DELETE', `/faults/${id}`);
  }

  async clearFaults(): Promise<void> {
    await this.json('DELETE', '/faults');
  }

  /**
   * Box's published limits (100/min create+resend, 1000/min get), each user's own quota, when `enabled`; the
   * numbers can be lowered.
   */
  async setRateLimits(limits: Partial<RateLimits>): Promise<RateLimits> {
    return this.json('PUT', '/rate-limits', limits);
  }

  async rateLimits(): Promise<RateLimits> {
    return this.json('GET', '/rate-limits');
  }

  /** Totals of the Box calls answered since start (or the last `DELETE /calls`). */
  async stats(): Promise<EmulatorStats> {
    return this.json('GET', '/stats');
  }

  async calls(): Promise<EmulatorCall[]> {
    return (await this.json<{ calls: EmulatorCall[] }>('GET', '/calls')).calls;
  }

  /**
   * Clears requests, outbox, tokens (the start-up developer token is valid again for 60 minutes), clock, faults,
   * calls, folders, webhook registrations and deliveries; settings back to start-up.
   */
  async reset(): Promise<void> {
    await this.json('POST', '/reset', {});
  }

  async webhooks(): Promise<WebhookSettingsView> {
    return this.json('GET', '/webhooks');
  }

  async configureWebhooks(settings: WebhookSettings): Promise<WebhookSettingsView> {
    return this.json('PUT', '/webhooks', settings);
  }

  async webhookDeliveries(): Promise<WebhookDelivery[]> {
    return (await this.json<{ deliveries: WebhookDelivery[] }>('GET', '/webhooks/deliveries')).deliveries;
  }

  async clearWebhookDeliveries(): Promise<void> {
    await this.json('DELETE', '/webhooks/deliveries');
  }

  /** Box loses the next `count` events: they are never delivered. */
  async dropWebhooks(count = 1): Promise<void> {
    await this.json('POST', '/webhooks/drop', { count });
  }

  /** Sends one delivery made as asked (no retries) and returns the receiver's answer. */
  async sendWebhook(crafted: CraftedWebhook): Promise<CraftedWebhookResult> {
    return this.json('POST', '/webhooks/send', crafted);
  }

  /** The signer's invitation e-mail bounces: Box's SIGN_REQUEST.SIGNER_EMAIL_BOUNCED goes to every webhook for it. */
  async bounce(id: string, email: string): Promise<ActionResult> {
    return this.signer(id, email, 'bounce');
  }

  /** The signer signs with what it typed, ticked and attached (each attachment becomes a file of the sender's). */
  async sign(id: string, email: string, given: SignerGiven = {}): Promise<ActionResult> {
    return this.signer(id, email, 'sign', given as Record<string, unknown>);
  }

  /** Every file the emulator holds (metadata), oldest first; `sign_request_id` narrows to one request's files. */
  async files(filter: { signRequestId?: string } = {}): Promise<EmulatorFile[]> {
    const query =
      filter.signRequestId === undefined ? '' : `?sign_request_id=${encodeURIComponent(filter.signRequestId)}`;
    return (await this.json<{ files: EmulatorFile[] }>('GET', `/files${query}`)).files;
  }

  /**
   * A file's bytes as the emulator holds them (no token, no Box call, no call log): to compare with what a client
   * downloaded. A request's files are made first if they were not yet.
   */
  async fileContent(id: string): Promise<Buffer> {
    const response = await fetch(`${this.baseUrl}/_emulator/files/${encodeURIComponent(id)}/content`);
    if (response.status !== 200) {
      throw new Error(`emulator GET /files/${id}/content answered ${response.status}: ${await response.text()}`);
    }
    return Buffer.from(await response.arrayBuffer());
  }

  async health(): Promise<boolean> {
    try {
      return (await this.send('GET', '/health')).status === 200;
    } catch {
      return false;
    }
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const result = await this.send(method, path, body);
    if (result.status >= 300) {
      throw new Error(`emulator ${method} ${path} answered ${result.status}: ${JSON.stringify(result.body)}`);
    }
    return result.body as T;
  }

  private async send(method: string, path: string, body?: unknown): Promise<ActionResult> {
    const response = await fetch(`${this.baseUrl}/_emulator${path}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as ActionResult['body']) };
  }
}
