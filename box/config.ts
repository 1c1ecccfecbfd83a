import { ConfigError } from '../config/config-error';
import { SettingsReader } from '../config/reader';
import { variableNames } from '../config/setting';
import { BOX_SETTINGS } from '../config/settings/box';

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
  /** Upload root without a trailing slash, e.g. `https://upload.box.com/api/2.0` (uploads go to a host of their own). */
  uploadBaseUrl: string;
  /** OAuth2 token endpoint, e.g. `https://api.box.com/oauth2/token` (no `/2.0`). */
  tokenUrl: string;
  auth: BoxAuthConfig;
  /** Sent as the `as-user` header on every API call (not on the token call). */
  asUserId?: string;
  timeoutMs: number;
}

const S = BOX_SETTINGS;
export const DEFAULT_BOX_API_BASE_URL = S.BOX_API_BASE_URL.default;
export const DEFAULT_BOX_UPLOAD_BASE_URL = S.BOX_UPLOAD_BASE_URL.default;
export const DEFAULT_BOX_HTTP_TIMEOUT_MS = S.BOX_HTTP_TIMEOUT_MS.default;
export { ConfigError };

const CCG_SETTINGS = [S.BOX_CLIENT_ID, S.BOX_CLIENT_SECRET, S.BOX_SUBJECT_TYPE, S.BOX_SUBJECT_ID] as const;

function stripTrailingSlashes(value: string): string {
  return value.replace(/\/+$/, '');
}

/** `http://host:1/2.0` → `http://host:1/oauth2/token`; `https://proxy/box/2.0/` → `https://proxy/box/oauth2/token`. */
export function deriveTokenUrl(apiBaseUrl: string): string {
  const url = new URL(apiBaseUrl);
  const path = stripTrailingSlashes(url.pathname).replace(/\/2\.0$/, '');
  return `${url.origin}${path}/oauth2/token`;
}

/**
 * Whether any Box credential is set: a process for which Box is optional (the API: documents only) reads the Box
 * configuration, with every rule, only then; without one it runs without Box.
 */
export function boxCredentialsSet(env: NodeJS.ProcessEnv = process.env): boolean {
  const reader = new SettingsReader(env);
  return [S.BOX_DEVELOPER_TOKEN, ...CCG_SETTINGS].some((setting) => isSet(reader, setting));
}

export function loadBoxConfig(env: NodeJS.ProcessEnv = process.env): BoxClientConfig {
  const reader = new SettingsReader(env);
  const apiBaseUrl = stripTrailingSlashes(reader.get(S.BOX_API_BASE_URL));
  const uploadBaseUrl = stripTrailingSlashes(reader.get(S.BOX_UPLOAD_BASE_URL));
  const tokenUrl = reader.get(S.BOX_OAUTH_TOKEN_URL) ?? deriveTokenUrl(apiBaseUrl);
  const auth = readAuth(reader);
  const asUserId = reader.get(S.BOX_AS_USER_ID);
  const timeoutMs = reader.get(S.BOX_HTTP_TIMEOUT_MS);
  return reader.finish('Box configuration', () => {
    if (auth === undefined) return undefined;
    const config: BoxClientConfig = { apiBaseUrl, uploadBaseUrl, tokenUrl, auth, timeoutMs };
    if (asUserId !== undefined) config.asUserId = asUserId;
    return config;
  });
}

/** Set under its name or, for a secret with a file variant, as `<name>_FILE`. */
function isSet(reader: SettingsReader, setting: (typeof CCG_SETTINGS)[number] | typeof S.BOX_DEVELOPER_TOKEN): boolean {
  return variableNames(setting).some((name) => reader.raw(name) !== undefined);
}

/** Exactly one of the developer token or the four client-credentials variables (secrets inline or as _FILE). */
function readAuth(reader: SettingsReader): BoxAuthConfig | undefined {
  const developerToken = reader.get(S.BOX_DEVELOPER_TOKEN);
  const ccgSet = CCG_SETTINGS.filter((setting) => isSet(reader, setting)).map((s) => s.name);
  if (developerToken !== undefined && ccgSet.length > 0) {
    reader.problem(
      `Both BOX_DEVELOPER_TOKEN and client-credentials variables (${ccgSet.join(', ')}) are set; ` +
        'set only one authentication method',
    );
    return undefined;
  }
  if (developerToken !== undefined) return { kind: 'developer-token', token: developerToken };
  if (ccgSet.length === 0) {
    // A token set in a way the reader refused (both forms, an unreadable file) has its own problem already.
    if (isSet(reader, S.BOX_DEVELOPER_TOKEN)) return undefined;
    reader.problem(
      'No Box authentication configured: set BOX_DEVELOPER_TOKEN or BOX_DEVELOPER_TOKEN_FILE (60-minute developer ' +
        'token, for testing), or the client-credentials grant variables BOX_CLIENT_ID, BOX_CLIENT_SECRET (or ' +
        'BOX_CLIENT_SECRET_FILE), ' +
        'BOX_SUBJECT_TYPE (enterprise|user) and BOX_SUBJECT_ID',
    );
    return undefined;
  }
  for (const setting of CCG_SETTINGS) {
    if (!ccgSet.includes(setting.name))
      reader.problem(`${setting.name} is required for client-credentials authentication`);
  }
  const clientId = reader.get(S.BOX_CLIENT_ID);
  const clientSecret = reader.get(S.BOX_CLIENT_SECRET);
  const subjectType = reader.get(S.BOX_SUBJECT_TYPE);
  const subjectId = reader.get(S.BOX_SUBJECT_ID);
  if (clientId === undefined || clientSecret === undefined || subjectType === undefined || subjectId === undefined) {
    return undefined;
  }
  return { kind: 'client-credentials', clientId, clientSecret, subjectType, subjectId };
}
