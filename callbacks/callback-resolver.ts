import { Resolver } from 'node:dns/promises';
import { CALLBACK_SETTINGS } from '../config/settings/callbacks';
import type { Resolve } from './url-policy';

export interface CallbackResolverOptions {
  /** BOX_SIGN_CALLBACK_DNS_SERVERS: empty for the system's (/etc/resolv.conf). */
  servers: readonly string[];
  /** BOX_SIGN_CALLBACK_DNS_TIMEOUT_MS: per try; there are 2 tries. */
  timeoutMs: number;
}

const TRIES = 2;

/**
 * A callback host's A and AAAA records, through c-ares with a timeout. Not the system's `getaddrinfo`: that has no
 * timeout and runs on libuv's four threads, so a slow name server named in a request could hold every file and
 * crypto call of the process. Hosts in /etc/hosts are not seen (allow-listed hosts use the system resolver).
 */
export function createCallbackResolver(options: CallbackResolverOptions): Resolve {
  const resolver = new Resolver({ timeout: options.timeoutMs, tries: TRIES });
  if (options.servers.length > 0) resolver.setServers([...options.servers]);
  return async (host) => {
    const [v4, v6] = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]);
    if (v4.status === 'rejected' && v6.status === 'rejected') throw v4.reason;
    return [...(v4.status === 'fulfilled' ? v4.value : []), ...(v6.status === 'fulfilled' ? v6.value : [])];
  };
}

/** One look-up per host for the life of the returned function (a batch): the same host in 1,000 items is asked once. */
export function resolvingOncePerHost(resolve: Resolve): Resolve {
  const answers = new Map<string, Promise<string[]>>();
  return (host) => {
    let answer = answers.get(host);
    if (answer === undefined) {
      answer = resolve(host);
      answers.set(host, answer);
    }
    return answer;
  };
}

/** The system's name servers, BOX_SIGN_CALLBACK_DNS_TIMEOUT_MS's default. */
export function defaultCallbackResolver(): Resolve {
  return createCallbackResolver({ servers: [], timeoutMs: CALLBACK_SETTINGS.BOX_SIGN_CALLBACK_DNS_TIMEOUT_MS.default });
}
