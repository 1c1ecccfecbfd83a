import type { Sender } from '../factory';
import { BoxApiError, badRequest } from '../errors';
import { fieldError } from '../validation';
import { isRecord } from '../http';
import { canonicalSignTrigger, SPEC_SPELLING } from '../../webhooks/triggers';
import type { TriggerSpelling } from '../../webhooks/triggers';

/** Box's `Webhook` object, as `POST /2.0/webhooks` answers it. */
export interface WebhookRegistration {
  id: string;
  type: 'webhook';
  target: { id: string; type: 'file' | 'folder' };
  created_by: { type: 'user'; id: string; name: string; login: string };
  created_at: string;
  address: string;
  triggers: string[];
}

const FIRST_WEBHOOK_ID = 3_000_000_001;

/**
 * Webhooks created through Box's API (`POST /2.0/webhooks`), validated by Box's published rules: a file or folder
 * target other than folder 0, an https address on port 443 outside box.com, one webhook per target (409). They
 * are recorded for the register CLI and its tests; deliveries still go to the emulator's configured local address,
 * since Box would only deliver to a public https host.
 */
export class WebhookRegistrations {
  private readonly byTarget = new Map<string, WebhookRegistration>();
  private nextId = FIRST_WEBHOOK_ID;

  list(): WebhookRegistration[] {
    return [...this.byTarget.values()];
  }

  clear(): void {
    this.byTarget.clear();
  }

  create(body: unknown, sender: Sender, nowIso: string, accepted: TriggerSpelling | 'both'): WebhookRegistration {
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
      created_by: { type: 'user', id: String(sender.id), name: 'Sign Sender', login: sender.email },
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
