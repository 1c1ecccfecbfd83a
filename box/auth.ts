/**
 * Access tokens: a static developer token, or the Client Credentials Grant with caching, early renewal,
 * one shared in-flight request, and invalidation after a 401. Tokens and secrets are never logged.
 */
import axios from 'axios';
import type { Logger } from '../logging/logger';
import { silentLogger } from '../logging/logger';
import type { BoxAuthConfig, BoxClientConfig } from './config';
import { BOX_CLIENT_CODES, BoxApiError, toBoxApiError } from './errors';

export interface TokenProvider {
  getToken(): Promise<string>;
  /** Drops `token` from the cache if it is still the current one, so the next getToken() fetches a new one. */
  invalidate(token: string): void;
}

/** Renew this long before `expires_in` runs out (the legacy Box Node SDK uses the same 3 minutes). */
export const TOKEN_RENEWAL_MARGIN_MS = 3 * 60 * 1000;

export function createDeveloperTokenProvider(token: string): TokenProvider {
  return {
    getToken: () => Promise.resolve(token),
    // A developer token cannot be renewed: after a 401 the same token is all there is.
    invalidate: () => undefined,
  };
}

export interface ClientCredentialsOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  subjectType: 'enterprise' | 'user';
  subjectId: string;
  timeoutMs: number;
  logger?: Logger;
  /** Clock in epoch milliseconds; injectable for tests. */
  now?: () => number;
  renewalMarginMs?: number;
}

interface CachedToken {
  token: string;
  /** Epoch ms after which the token is no longer handed out. */
  renewAt: number;
}

function tokenPath(tokenUrl: string): string {
  try {
    return new URL(tokenUrl).pathname;
  } catch {
    return '/oauth2/token';
  }
}

export function createClientCredentialsTokenProvider(options: ClientCredentialsOptions): TokenProvider {
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? Date.now;
  const margin = options.renewalMarginMs ?? TOKEN_RENEWAL_MARGIN_MS;
  const path = tokenPath(options.tokenUrl);
  const http = axios.create({
    timeout: options.timeoutMs,
    maxRedirects: 0,
    validateStatus: (status) => status >= 200 && status < 300,
    transitional: { clarifyTimeoutError: true },
    headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
  });

  let cached: CachedToken | undefined;
  let inFlight: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: options.clientId,
      client_secret: options.clientSecret,
      box_subject_type: options.subjectType,
      box_subject_id: options.subjectId,
    });
    const started = now();
    let data: unknown;
    try {
      const response = await http.post<unknown>(options.tokenUrl, form.toString());
      logger.debug('box token request', { method: 'POST', path, status: response.status, durationMs: now() - started });
      data = response.data;
    } catch (err) {
      const error = toBoxApiError(err, 'POST', path, now);
      logger.debug('box token request', {
        method: 'POST',
        path,
        status: error.status,
        code: error.code,
        durationMs: now() - started,
      });
      throw error;
    }

    const record = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
    const token = record['access_token'];
    if (typeof token !== 'string' || token === '') {
      throw new BoxApiError({
        code: BOX_CLIENT_CODES.invalidResponse,
        boxMessage: 'token response has no access_token',
        retryable: true,
        method: 'POST',
        path,
      });
    }
    const expiresIn = record['expires_in'];
    // Box documents 60-minute tokens; assume that when expires_in is missing or nonsense.
    const lifetimeMs = (typeof expiresIn === 'number' && expiresIn > 0 ? expiresIn : 3600) * 1000;
    // Very short lifetimes: renew at half-life rather than never handing the token out.
    const usableMs = Math.max(lifetimeMs - margin, lifetimeMs / 2);
    // Measured from when the request started, so network latency only makes us renew earlier.
    cached = { token, renewAt: started + usableMs };
    return token;
  }

  return {
    getToken(): Promise<string> {
      if (cached !== undefined && now() < cached.renewAt) return Promise.resolve(cached.token);
      if (inFlight === undefined) {
        cached = undefined;
        inFlight = fetchToken().finally(() => {
          inFlight = undefined;
        });
      }
      return inFlight;
    },
    invalidate(token: string): void {
      if (cached?.token === token) cached = undefined;
    },
  };
}

export function createTokenProvider(
  config: Pick<BoxClientConfig, 'tokenUrl' | 'timeoutMs'> & { auth: BoxAuthConfig },
  deps: { logger?: Logger; now?: () => number } = {},
): TokenProvider {
  const auth = config.auth;
  if (auth.kind === 'developer-token') return createDeveloperTokenProvider(auth.token);
  const options: ClientCredentialsOptions = {
    tokenUrl: config.tokenUrl,
    clientId: auth.clientId,
    clientSecret: auth.clientSecret,
    subjectType: auth.subjectType,
    subjectId: auth.subjectId,
    timeoutMs: config.timeoutMs,
  };
  if (deps.logger !== undefined) options.logger = deps.logger;
  if (deps.now !== undefined) options.now = deps.now;
  return createClientCredentialsTokenProvider(options);
}
