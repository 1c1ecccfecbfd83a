import type { FolderTree } from '../folders';
import type { EmulatorUser, PersistedWebhooks, StoredSignRequest, WebhookRegistration } from '../model';
import { BoxApiError, badRequest } from '../errors';
import { fieldError } from '../validation';
import { isRecord } from '../http';
import { canonicalSignTrigger, SPEC_SPELLING } from './triggers';
import type { SignTriggerName, TriggerSpelling } from './triggers';

export type { WebhookRegistration };

const FIRST_WEBHOOK_ID = 3_000_000_001;

/**
 * Webhooks created through Box's API (`POST /2.0/webhooks`), validated by Box's published rules: a file or folder
 * target other than folder 0, an https address on port 443 outside box.com, one webhook per target (409). They
 * decide which events are delivered (see `matching`); the deliveries themselves land on the emulator's configured
 * local address, which stands in for the registered public https one (Box would only deliver to a public host).
 */
export class WebhookRegistrations {
  private readonly byTarget = new Map<string, WebhookRegistration>();
  private nextId = FIRST_WEBHOOK_ID;

  list(): WebhookRegistration[] {
    return [...this.byTarget.values()];
  }

  clear(): void {
    this.byTarget.clear();
    this.nextId = FIRST_WEBHOOK_ID;
  }

  /**
   * The webhooks that fire for `trigger` on `request`, in the order they were created. Box fires a Sign trigger
   * on the request's parent folder, so a folder webhook fires for the requests filed in it or in any folder
   * below it (folder webhooks cascade); a file webhook fires for a request whose sign file (the event's source)
   * or source file is its target. A webhook fires only for the triggers it lists, in either spelling.
   */
  matching(request: StoredSignRequest, trigger: SignTriggerName, folders: FolderTree): WebhookRegistration[] {
    const inFolders = new Set(folders.path(request.parent_folder_id));
    const files = new Set([...request.sign_files.map((f) => f.id), ...request.source_file_ids]);
    return this.list().filter(
      (hook) =>
        hook.triggers.some((t) => canonicalSignTrigger(t) === trigger) &&
        (hook.target.type === 'folder' ? inFolders.has(hook.target.id) : files.has(hook.target.id)),
    );
  }

  snapshot(): PersistedWebhooks {
    return { registrations: this.list(), next_webhook_id: this.nextId };
  }

  restore(state: PersistedWebhooks | undefined): void {
    this.clear();
    for (const hook of state?.registrations ?? []) this.byTarget.set(`${hook.target.type}:${hook.target.id}`, hook);
    this.nextId = state?.next_webhook_id ?? FIRST_WEBHOOK_ID;
  }

  create(
    body: unknown,
    creator: EmulatorUser,
    nowIso: string,
    accepted: TriggerSpelling | 'both',
  ): WebhookRegistration {
    if (!isRecord(body)) throw badRequest('The request body must be a JSON object');
    const target = body.target;
    if (!isRecord(target)) throw fieldError('target', 'is required');
    if (typeof target.id !== 'string' || !/^\d+$/.test(target.id)) throw fieldError('target.id', 'must be an item id');
    if (target.type !== 'file' && target.type !== 'folder')
      throw fieldError('target.type', "must be 'file' or 'folder'");
    if (target.type === 'folder' && target.id === '0') throw fieldError('target.id', 'cannot be the root folder (0)');
    if (typeof body.address !== 'string') throw fieldError('address', 'is required');
    const addressProblem = addressRule(body.address);
    if (addressProblem !== undefined) throw fieldError('address', addressProblem);
    if (!Array.isArray(body.triggers) || body.triggers.length === 0)
      throw fieldError('triggers', 'must be a non-empty array');
    for (const trigger of body.triggers) {
      if (typeof trigger !== 'string' || !acceptedTrigger(trigger, accepted)) {
        throw fieldError('triggers', `contains an unsupported trigger: ${JSON.stringify(trigger)}`);
      }
    }
    const key = `${target.type}:${target.id}`;
    if (this.byTarget.has(key)) {
      throw new BoxApiError(409, 'conflict', 'Webhook already exists for the specified target', {
        conflicts: [{ type: 'webhook', id: this.byTarget.get(key)?.id }],
      });
    }
    const registration: WebhookRegistration = {
      id: String(this.nextId++),
      type: 'webhook',
      target: { id: target.id, type: target.type },
      created_by: { type: 'user', id: creator.id, name: creator.name, login: creator.login },
      created_at: nowIso.replace(/\.\d{3}Z$/, '+00:00'),
      address: body.address,
      triggers: body.triggers as string[],
    };
    this.byTarget.set(key, registration);
    return registration;
  }
}

/** Box's address rules (box-sign-api.md §6.2), as far as they can be checked without the network. */
export function addressRule(address: string): string | undefined {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.protocol !== 'https:') return 'must use https';
  if (url.port !== '' && url.port !== '443') return 'must use port 443';
  const host = url.hostname.toLowerCase();
  if (host === 'box.com' || host.endsWith('.box.com')) return 'must not be a box.com host';
  return undefined;
}

function acceptedTrigger(trigger: string, accepted: TriggerSpelling | 'both'): boolean {
  const canonical = canonicalSignTrigger(trigger);
  if (canonical === undefined) return false;
  const spec = SPEC_SPELLING[canonical];
  if (spec === undefined || accepted === 'both') return true;
  return accepted === 'spec' ? trigger === spec : trigger === canonical;
}
