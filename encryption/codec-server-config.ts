import { readFileSync } from 'node:fs';
import { EncryptionConfigError } from './errors';
import { ENCRYPTION_ENV, loadPayloadProtection } from './key-config';
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
}

export const CODEC_SERVER_ENV = {
  host: 'CODEC_SERVER_HOST',
  port: 'CODEC_SERVER_PORT',
  authToken: 'CODEC_SERVER_AUTH_TOKEN',
  authTokenFile: 'CODEC_SERVER_AUTH_TOKEN_FILE',
  uiOrigins: 'CODEC_SERVER_UI_ORIGINS',
  tokenInPath: 'CODEC_SERVER_TOKEN_IN_PATH',
} as const;

export const DEFAULT_CODEC_SERVER_PORT = 8888;
const MIN_TOKEN_LENGTH = 16;

/** Every problem at once, never echoing the token or a key. */
export function loadCodecServerConfig(env: NodeJS.ProcessEnv = process.env): CodecServerConfig {
  const problems: string[] = [];
  let keyRing: KeyRing | undefined;
  try {
    const protection = loadPayloadProtection(env);
    if (protection.mode === 'encrypted') keyRing = protection.keyRing;
    else
      problems.push(
        `the codec server needs the encryption keys (${ENCRYPTION_ENV.keys} or ${ENCRYPTION_ENV.keysFile})`,
      );
  } catch (err) {
    if (err instanceof EncryptionConfigError) problems.push(...err.problems);
    else throw err;
  }

  const host = read(env, CODEC_SERVER_ENV.host) ?? '127.0.0.1';
  const rawPort = read(env, CODEC_SERVER_ENV.port);
  const port = rawPort === undefined ? DEFAULT_CODEC_SERVER_PORT : Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    problems.push(`${CODEC_SERVER_ENV.port} must be a port number`);

  const authToken = readToken(env, problems);
  const allowedOrigins = (read(env, CODEC_SERVER_ENV.uiOrigins) ?? 'http://localhost:8233')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  for (const origin of allowedOrigins) {
    if (!isOrigin(origin)) problems.push(`${CODEC_SERVER_ENV.uiOrigins}: "${origin}" is not an http(s) origin`);
  }
  const tokenInPath = read(env, CODEC_SERVER_ENV.tokenInPath);
  if (tokenInPath !== undefined && tokenInPath !== 'true' && tokenInPath !== 'false') {
    problems.push(`${CODEC_SERVER_ENV.tokenInPath} must be true or false`);
  }

  if (problems.length > 0 || keyRing === undefined || authToken === undefined) {
    throw new EncryptionConfigError(problems);
  }
  return { host, port, keyRing, authToken, allowedOrigins, acceptTokenInPath: tokenInPath === 'true' };
}

function readToken(env: NodeJS.ProcessEnv, problems: string[]): string | undefined {
  const inline = read(env, CODEC_SERVER_ENV.authToken);
  const file = read(env, CODEC_SERVER_ENV.authTokenFile);
  if (inline !== undefined && file !== undefined) {
    problems.push(`set ${CODEC_SERVER_ENV.authToken} or ${CODEC_SERVER_ENV.authTokenFile}, not both`);
    return undefined;
  }
  let token = inline;
  if (file !== undefined) {
    try {
      token = readFileSync(file, 'utf8').trim();
    } catch (err) {
      problems.push(
        `${CODEC_SERVER_ENV.authTokenFile}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`,
      );
      return undefined;
    }
  }
  if (token === undefined) {
    problems.push(
      `no auth token: set ${CODEC_SERVER_ENV.authToken} or ${CODEC_SERVER_ENV.authTokenFile} (requests must carry it as a bearer token)`,
    );
    return undefined;
  }
  if (token.length < MIN_TOKEN_LENGTH || !/^[A-Za-z0-9._~-]+$/.test(token)) {
    problems.push(
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

function read(env: NodeJS.ProcessEnv, key: string): string | undefined {
  const value = env[key]?.trim();
  return value === undefined || value === '' ? undefined : value;
}
