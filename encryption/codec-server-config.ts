import { SettingsReader } from '../config/reader';
import { SETTINGS } from '../config/settings';
import { fileVariable } from '../config/setting';
import { CODEC_SERVER_SETTINGS } from '../config/settings/codec-server';
import { ENCRYPTION_ENV, loadPayloadProtection } from './key-config';
import type { LogLevel } from '../logging/logger';
import type { KeyRing } from './key-ring';

export interface CodecServerConfig {
  host: string;
  port: number;
  keyRing: KeyRing;
  /** Compared with `Authorization: Bearer <token>`; requests without it get 401 and decode nothing. */
  authToken: string;
  /** The Web UI origins allowed by CORS (exact match); every other origin is refused. */
  allowedOrigins: string[];
  /**
   * Also accept the token as the path segment before /encode or /decode (`http://host:8888/<token>/decode`).
   * The Web UI only sends an Authorization header to https endpoints, so the local stack uses this.
   */
  acceptTokenInPath: boolean;
  /** LOG_LEVEL, for the process's logger (in-process servers pass their own logger). */
  logLevel?: LogLevel;
}

const S = CODEC_SERVER_SETTINGS;

export const CODEC_SERVER_ENV = {
  host: S.CODEC_SERVER_HOST.name,
  port: S.CODEC_SERVER_PORT.name,
  authToken: S.CODEC_SERVER_AUTH_TOKEN.name,
  authTokenFile: fileVariable(S.CODEC_SERVER_AUTH_TOKEN),
  uiOrigins: S.CODEC_SERVER_UI_ORIGINS.name,
  tokenInPath: S.CODEC_SERVER_TOKEN_IN_PATH.name,
} as const;

export const DEFAULT_CODEC_SERVER_PORT = S.CODEC_SERVER_PORT.default;
const MIN_TOKEN_LENGTH = 16;

/** Every problem at once, never echoing the token or a key ("Invalid codec server configuration: …"). */
export function loadCodecServerConfig(env: NodeJS.ProcessEnv = process.env): CodecServerConfig {
  const reader = new SettingsReader(env, 'codec-server');
  const protection = reader.attempt(() => loadPayloadProtection(env));
  if (protection?.mode === 'insecure-plaintext') {
    reader.problem(`the codec server needs the encryption keys (${ENCRYPTION_ENV.keys} or ${ENCRYPTION_ENV.keysFile})`);
  }
  const host = reader.get(S.CODEC_SERVER_HOST);
  const port = reader.get(S.CODEC_SERVER_PORT);
  const authToken = readToken(reader);
  const allowedOrigins = reader.get(S.CODEC_SERVER_UI_ORIGINS);
  for (const origin of allowedOrigins) {
    if (!isOrigin(origin)) reader.problem(`${CODEC_SERVER_ENV.uiOrigins}: "${origin}" is not an http(s) origin`);
  }
  const acceptTokenInPath = reader.get(S.CODEC_SERVER_TOKEN_IN_PATH);
  const logLevel = reader.get(SETTINGS.LOG_LEVEL);
  return reader.finish('codec server configuration', () => {
    if (protection?.mode !== 'encrypted' || authToken === undefined) return undefined;
    return { host, port, keyRing: protection.keyRing, authToken, allowedOrigins, acceptTokenInPath, logLevel };
  });
}

function readToken(reader: SettingsReader): string | undefined {
  const before = reader.problems.length;
  const token = reader.get(S.CODEC_SERVER_AUTH_TOKEN);
  if (reader.problems.length > before) return undefined;
  if (token === undefined) {
    reader.problem(
      `no auth token: set ${CODEC_SERVER_ENV.authToken} or ${CODEC_SERVER_ENV.authTokenFile} (requests must carry it as a bearer token)`,
    );
    return undefined;
  }
  if (token.length < MIN_TOKEN_LENGTH || !/^[A-Za-z0-9._~-]+$/.test(token)) {
    reader.problem(
      `the auth token must be at least ${MIN_TOKEN_LENGTH} URL-safe characters (e.g. openssl rand -hex 24)`,
    );
    return undefined;
  }
  return token;
}

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}
