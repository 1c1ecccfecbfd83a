import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { SHARED_SETTINGS } from '../config/settings/shared';

/**
 * Where a callback may go: https to a public host. A host that is (or resolves to) a loopback, private,
 * link-local, CGNAT or metadata address is refused unless BOX_SIGN_CALLBACK_ALLOW_HOSTS names it (the local
 * stack and the tests do) — then plain http is allowed too. Checked where a request enters and again before
 * each delivery, since DNS can change in between.
 */

export const CALLBACK_ALLOW_HOSTS_VARIABLE = SHARED_SETTINGS.BOX_SIGN_CALLBACK_ALLOW_HOSTS.name;

const NON_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['::ffff:0:0', 96],
  ['64:ff9b::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

export type Resolve = (host: string) => Promise<string[]>;

const resolveAll: Resolve = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** The rule the URL breaks (for a `{field: 'callback.url', rule}` issue), or null when it may be used. */
export async function callbackUrlProblem(
  url: string,
  allowHosts: readonly string[],
  resolve: Resolve = resolveAll,
): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute https URL';
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (allowHosts.includes(host)) {
    return ['https:', 'http:'].includes(parsed.protocol) ? null : 'must be an http(s) URL';
  }
  if (parsed.protocol !== 'https:') return 'must be an https URL';
  if (parsed.username !== '' || parsed.password !== '') return 'must not carry a user name or password';
  let addresses: string[];
  try {
    addresses = isIP(host) !== 0 ? [host] : await resolve(host);
  } catch {
    return 'must name a host that resolves';
  }
  if (addresses.length === 0) return 'must name a host that resolves';
  if (addresses.some(isNonPublic)) {
    return `must not point at a loopback, private, link-local or metadata address (unless ${CALLBACK_ALLOW_HOSTS_VARIABLE} lists the host)`;
  }
  return null;
}

function isNonPublic(address: string): boolean {
  return NON_PUBLIC.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}
