import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { SHARED_SETTINGS } from '../config/settings/shared';
import { isPublicAddress } from './public-address';

/**
 * Where a callback may go: https to a public host. A host that is (or resolves to) a non-public address
 * (callbacks/public-address.ts) is refused unless BOX_SIGN_CALLBACK_ALLOW_HOSTS names it (the local stack and the
 * tests do) — then plain http is allowed too. Checked where a request enters, and in the worker on the address
 * each connection actually dials (callbacks/guarded-agents.ts), since DNS can change in between.
 */

export const CALLBACK_ALLOW_HOSTS_VARIABLE = SHARED_SETTINGS.BOX_SIGN_CALLBACK_ALLOW_HOSTS.name;

export const NON_PUBLIC_RULE = `must not point at a loopback, private, link-local or metadata address (unless ${CALLBACK_ALLOW_HOSTS_VARIABLE} lists the host)`;

export const UNRESOLVED_RULE = 'must name a host that resolves';

export type Resolve = (host: string) => Promise<string[]>;

const systemResolve: Resolve = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** The URL's host as compared with the allow list and resolved: lower-case, IPv6 without brackets. */
export type UrlShape = { ok: true; host: string; allowListed: boolean } | { ok: false; rule: string };

/** What the URL itself says, before any look-up: scheme, credentials, and whether its host is allow-listed. */
export function callbackUrlShape(url: string, allowHosts: readonly string[]): UrlShape {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, rule: 'must be an absolute https URL' };
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (allowHosts.includes(host)) {
    return ['https:', 'http:'].includes(parsed.protocol)
      ? { ok: true, host, allowListed: true }
      : { ok: false, rule: 'must be an http(s) URL' };
  }
  if (parsed.protocol !== 'https:') return { ok: false, rule: 'must be an https URL' };
  if (parsed.username !== '' || parsed.password !== '') {
    return { ok: false, rule: 'must not carry a user name or password' };
  }
  if (isIP(host) !== 0 && !isPublicAddress(host)) return { ok: false, rule: NON_PUBLIC_RULE };
  return { ok: true, host, allowListed: false };
}

/** The rule the URL breaks (for a `{field: 'callback.url', rule}` issue), or null when it may be used. */
export async function callbackUrlProblem(
  url: string,
  allowHosts: readonly string[],
  resolve: Resolve = systemResolve,
): Promise<string | null> {
  const shape = callbackUrlShape(url, allowHosts);
  if (!shape.ok) return shape.rule;
  if (shape.allowListed || isIP(shape.host) !== 0) return null;
  let addresses: string[];
  try {
    addresses = await resolve(shape.host);
  } catch {
    return UNRESOLVED_RULE;
  }
  if (addresses.length === 0) return UNRESOLVED_RULE;
  return addresses.every(isPublicAddress) ? null : NON_PUBLIC_RULE;
}
