import { BoxApiError } from '../box/errors';
import type { BoxWebhooksApi } from '../box/sign-client';
import type { BoxWebhook } from '../box/webhook-models';
import { DEFAULT_SUBSCRIBED_TRIGGERS, canonicalSignTrigger, otherSpelling } from './triggers';

export interface RegisterOptions {
  folderId: string;
  address: string;
  triggers: string[];
}

export type RegisterOutcome =
  | { kind: 'created'; webhook: BoxWebhook; triggers: string[] }
  /** Box allows one webhook per item per app per user: the existing one must be updated or deleted. */
  | { kind: 'exists'; webhookId: string | null };

/** Every problem with the options at once (an empty list when they are fine); never a network call. */
export function registerOptionProblems(options: Partial<RegisterOptions>): string[] {
  const problems: string[] = [];
  const folder = options.folderId;
  if (folder === undefined) problems.push('--folder is required (the Box folder the sign requests are filed in)');
  else if (!/^\d+$/.test(folder)) problems.push('--folder must be a Box folder id (digits)');
  else if (folder === '0') problems.push('--folder cannot be 0: Box does not allow webhooks on the root folder');
  if (options.address === undefined) problems.push('--address is required (the public https URL of the receiver)');
  else {
    const problem = addressProblem(options.address);
    if (problem !== undefined) problems.push(`--address ${problem}`);
  }
  for (const trigger of options.triggers ?? []) {
    if (canonicalSignTrigger(trigger) === undefined) problems.push(`--triggers: ${trigger} is not a Sign trigger`);
  }
  if (options.triggers !== undefined && options.triggers.length === 0)
    problems.push('--triggers must name at least one');
  return problems;
}

/** Box delivers only to https on port 443 with a public CA's certificate, never to a box.com host (§6.2). */
export function addressProblem(address: string): string | undefined {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.protocol !== 'https:') return 'must use https (Box delivers to https only)';
  if (url.port !== '' && url.port !== '443') return 'must use port 443 (Box delivers to port 443 only)';
  const host = url.hostname.toLowerCase();
  if (host === 'box.com' || host.endsWith('.box.com')) return 'must not be a box.com host';
  if (host === 'localhost' || /^(127\.|10\.|192\.168\.|169\.254\.)/.test(host) || host === '[::1]') {
    return 'must be publicly reachable (not a loopback or private address)';
  }
  return undefined;
}

export const DEFAULT_TRIGGERS: readonly string[] = DEFAULT_SUBSCRIBED_TRIGGERS;

/**
 * Creates the folder webhook. Which spelling Box accepts for the three disputed trigger names is unknown
 * (box-sign-api.md §6.1), so a 400 on a request that names one is tried once more with the other spelling.
 */
export async function registerWebhook(
  box: BoxWebhooksApi,
  options: RegisterOptions,
  note: (line: string) => void = () => undefined,
): Promise<RegisterOutcome> {
  const create = (triggers: string[]) =>
    box.createWebhook({ target: { id: options.folderId, type: 'folder' }, address: options.address, triggers });
  const respelled = options.triggers.map((t) => otherSpelling(t) ?? t);
  const disputed = respelled.some((t, i) => t !== options.triggers[i]);
  try {
    return { kind: 'created', webhook: await create(options.triggers), triggers: options.triggers };
  } catch (err) {
    if (isStatus(err, 409)) return { kind: 'exists', webhookId: conflictingId(err) };
    if (!isStatus(err, 400) || !disputed) throw err;
    note(`Box refused ${options.triggers.join(', ')} (${err.boxMessage}); trying the other spelling`);
  }
  try {
    return { kind: 'created', webhook: await create(respelled), triggers: respelled };
  } catch (err) {
    if (isStatus(err, 409)) return { kind: 'exists', webhookId: conflictingId(err) };
    throw err;
  }
}

function isStatus(err: unknown, status: number): err is BoxApiError {
  return err instanceof BoxApiError && err.status === status;
}

function conflictingId(err: BoxApiError): string | null {
  const info = err.contextInfo as { conflicts?: { id?: unknown }[] } | undefined;
  const id = info?.conflicts?.[0]?.id;
  return typeof id === 'string' ? id : null;
}
