import { lookup as systemLookup } from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { isIP } from 'node:net';
import type { AxiosProxyConfig } from 'axios';
import { defaultCallbackResolver } from './callback-resolver';
import { isPublicAddress } from './public-address';
import type { Resolve } from './url-policy';

/** The `code` of the error a refused connection fails with (axios keeps it on its AxiosError). */
export const ADDRESS_REFUSED_CODE = 'ECALLBACKADDRESSREFUSED';

export interface GuardedAgentOptions {
  allowHosts: readonly string[];
  /** Default: the timed resolver with its default settings. */
  resolve?: Resolve;
  /** BOX_SIGN_CALLBACK_PROXY_URL: every connection goes to the proxy instead, which then does the dialling. */
  proxyUrl?: string | null;
}

export interface CallbackAgents {
  httpAgent: HttpAgent;
  httpsAgent: HttpsAgent;
  /** axios's `proxy`: `false` is none, whatever HTTP(S)_PROXY say in the environment. */
  proxy: AxiosProxyConfig | false;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
type SystemLookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family: number,
) => void;

/**
 * The agents every callback POST goes through. Without a proxy, their `lookup` is the URL policy at connect time:
 * the addresses handed to the socket are the ones checked, so a host that answers a public address to the first
 * look-up and 127.0.0.1 to the next one is refused, not dialled. (Node calls no `lookup` for an IP literal: the
 * policy refused a non-public literal before the POST.) No keep-alive: each attempt connects, so each is checked.
 * With a proxy (axios's: CONNECT for https), the proxy resolves and dials, so the agents have no say.
 */
export function callbackAgents(options: GuardedAgentOptions): CallbackAgents {
  if (options.proxyUrl) {
    const url = new URL(options.proxyUrl);
    const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
    const proxy = { protocol: url.protocol.replace(/:$/, ''), host: url.hostname, port };
    return { httpAgent: new HttpAgent(), httpsAgent: new HttpsAgent(), proxy };
  }
  const lookup = guardedLookup(options.allowHosts, options.resolve ?? defaultCallbackResolver());
  return { httpAgent: new HttpAgent({ lookup }), httpsAgent: new HttpsAgent({ lookup }), proxy: false };
}

function guardedLookup(allowHosts: readonly string[], resolve: Resolve) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    if (allowHosts.includes(hostname.toLowerCase())) {
      systemLookup(hostname, options, callback as SystemLookupCallback);
      return;
    }
    resolve(hostname).then(
      (addresses) => answer(addresses, options, callback),
      (err: unknown) => fail(callback, lookupError('ENOTFOUND', `${hostname} did not resolve`, err)),
    );
  };
}

function answer(addresses: readonly string[], options: LookupOptions, callback: LookupCallback): void {
  if (addresses.length === 0) return fail(callback, lookupError('ENOTFOUND', 'no address'));
  if (!addresses.every(isPublicAddress)) {
    return fail(callback, lookupError(ADDRESS_REFUSED_CODE, 'the host resolved to an address callbacks may not reach'));
  }
  const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : (options.family ?? 0);
  const usable = addresses
    .map((address) => ({ address, family: isIP(address) }))
    .filter((entry) => family === 0 || entry.family === family);
  const [first] = usable;
  if (first === undefined) return fail(callback, lookupError('ENOTFOUND', 'no address of the family asked for'));
  if (options.all) return callback(null, usable);
  callback(null, first.address, first.family);
}

function fail(callback: LookupCallback, err: NodeJS.ErrnoException): void {
  callback(err, []);
}

function lookupError(code: string, message: string, cause?: unknown): NodeJS.ErrnoException {
  return Object.assign(new Error(message, cause === undefined ? {} : { cause }), { code });
}
