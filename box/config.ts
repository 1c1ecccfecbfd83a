/**
 * Box client configuration from environment variables. Every problem is collected and reported at once;
 * no message ever contains a configured value (tokens, secrets and IDs stay out of logs and crash output).
 */

export type BoxAuthConfig =
  | { kind: 'developer-token'; token: string }
  | {
      kind: 'client-credentials';
      clientId: string;
      clientSecret: string;
      subjectType: 'enterprise' | 'user';
      subjectId: string;
    };

export interface BoxClientConfig {
  /** API root without a trailing slash, e.g. `https://api.box.com/2.0`. */
  apiBaseUrl: string;
  /** OAuth2 token endpoint, e.g. `https://api.box.com/oauth2/token` (no `/2.0`). */
  tokenUrl: string;
  auth: BoxAuthConfig;
  /** Sent as the `as-user` header on every API call (not on the token call). */
  asUserId?: string;
  timeoutMs: number;
}

export const DEFAULT_BOX_API_BASE_URL = 'https://api.box.com/2.0';
export const DEFAULT_BOX_HTTP_TIMEOUT_MS = 20_000;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: string[];

  constructor(problems: string[]) {
    super(['Invalid Box configuration:', ...problems.map((p) => `- ${p}`)].join('\n'));
    this.problems = [...problems];
  }
}

const CCG_KEYS = ['BOX_CLIENT_ID', 'BOX_CLIENT_SECRET', 'BOX_SUBJECT_TYPE', 'BOX_SUBJECT_ID'] as const;

/** Reads a variable; empty or whitespace-only values count as unset. */
function read(env: NodeJS.ProcessEnv, key: string): string | undefined {
  const value = env[key]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** Returns the reason the value is not an acceptable http(s) base URL, or undefined if it is. */
function urlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must use http or https';
  if (url.username !== '' || url.password !== '') return 'must not contain credentials';
  if (url.search !== '' || url.hash !== '') return 'must not contain a query string or fragment';
  return undefined;
}

function stripTrailingSlashes(value: string): string {
  return value.replace(/\/+$/, '');
}

/** `http://host:1/2.0` → `http://host:1/oauth2/token`; `https://proxy/box/2.0/` → `https://proxy/box/oauth2/token`. */
export function deriveTokenUrl(apiBaseUrl: string): string {
  const url = new URL(apiBaseUrl);
  const path = stripTrailingSlashes(url.pathname).replace(/\/2\.0$/, '');
  return `${url.origin}${path}/oauth2/token`;
}

export function loadBoxConfig(env: NodeJS.ProcessEnv = process.env): BoxClientConfig {
  const problems: string[] = [];

  // Base URL and token URL.
  const rawBase = read(env, 'BOX_API_BASE_URL');
  let apiBaseUrl = DEFAULT_BOX_API_BASE_URL;
  if (rawBase !== undefined) {
    const problem = urlProblem(rawBase);
    if (problem === undefined) apiBaseUrl = stripTrailingSlashes(rawBase);
    else problems.push(`BOX_API_BASE_URL ${problem}`);
  }

  const rawTokenUrl = read(env, 'BOX_OAUTH_TOKEN_URL');
  let tokenUrl = deriveTokenUrl(apiBaseUrl);
  if (rawTokenUrl !== undefined) {
    const problem = urlProblem(rawTokenUrl);
    if (problem === undefined) tokenUrl = rawTokenUrl;
    else problems.push(`BOX_OAUTH_TOKEN_URL ${problem}`);
  }

  // Auth: exactly one of developer token or the four CCG variables.
  const developerToken = read(env, 'BOX_DEVELOPER_TOKEN');
  const ccgSet = CCG_KEYS.filter((key) => read(env, key) !== undefined);
  let auth: BoxAuthConfig | undefined;

  if (developerToken !== undefined && ccgSet.length > 0) {
    problems.push(
      `Both BOX_DEVELOPER_TOKEN and client-credentials variables (${ccgSet.join(', ')}) are set; ` +
        'set only one authentication method',
    );
  } else if (developerToken !== undefined) {
    auth = { kind: 'developer-token', token: developerToken };
  } else if (ccgSet.length > 0) {
    const missing = CCG_KEYS.filter((key) => !ccgSet.includes(key));
    for (const key of missing) problems.push(`${key} is required for client-credentials authentication`);
    const subjectType = read(env, 'BOX_SUBJECT_TYPE');
    if (subjectType !== undefined && subjectType !== 'enterprise' && subjectType !== 'user') {
      problems.push('BOX_SUBJECT_TYPE must be "enterprise" or "user"');
    }
    const clientId = read(env, 'BOX_CLIENT_ID');
    const clientSecret = read(env, 'BOX_CLIENT_SECRET');
    const subjectId = read(env, 'BOX_SUBJECT_ID');
    if (
      clientId !== undefined &&
      clientSecret !== undefined &&
      subjectId !== undefined &&
      (subjectType === 'enterprise' || subjectType === 'user')
    ) {
      auth = { kind: 'client-credentials', clientId, clientSecret, subjectType, subjectId };
    }
  } else {
    problems.push(
      'No Box authentication configured: set BOX_DEVELOPER_TOKEN (60-minute developer token, for testing), ' +
        'or the client-credentials grant variables BOX_CLIENT_ID, BOX_CLIENT_SECRET, ' +
        'BOX_SUBJECT_TYPE (enterprise|user) and BOX_SUBJECT_ID',
    );
  }

  const asUserId = read(env, 'BOX_AS_USER_ID');

  const rawTimeout = read(env, 'BOX_HTTP_TIMEOUT_MS');
  let timeoutMs = DEFAULT_BOX_HTTP_TIMEOUT_MS;
  if (rawTimeout !== undefined) {
    const parsed = /^\d+$/.test(rawTimeout) ? Number(rawTimeout) : NaN;
    if (Number.isSafeInteger(parsed) && parsed > 0) timeoutMs = parsed;
    else problems.push('BOX_HTTP_TIMEOUT_MS must be a positive integer number of milliseconds');
  }

  if (problems.length > 0 || auth === undefined) throw new ConfigError(problems);

  const config: BoxClientConfig = { apiBaseUrl, tokenUrl, auth, timeoutMs };
  if (asUserId !== undefined) config.asUserId = asUserId;
  return config;
}
