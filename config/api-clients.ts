import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from './config-error';

/**
 * The HTTP API's clients, from BOX_SIGN_API_KEYS_FILE: who may call the API (by the SHA-256 of their key — the
 * key itself is never stored) and the secret that signs their completion callbacks. The API authenticates with
 * it; the worker reads the same file for the callback secrets.
 *
 * {"clients": [{"name": "hr-suite", "keySha256": "<64 hex>", "callbackSecret": "whsec_<base64>"}]}
 *
 * A client may have its own `senders` (Box user ids): the senders its requests may name, each of them also one of
 * the deployment's (BOX_SIGN_ALLOWED_SENDERS, checked when the API starts and when it re-reads the file). Absent: the
 * deployment's list.
 */

const CLIENT_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;

const apiClientSchema = z.strictObject({
  name: z.string().regex(CLIENT_NAME, 'must be 1–63 lower-case letters, digits and . _ - (a search attribute value)'),
  keySha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be the hex SHA-256 of the API key (64 lower-case hex digits)'),
  callbackSecret: z
    .string()
    .regex(
      /^whsec_[A-Za-z0-9+/]{32,}={0,2}$/,
      'must be a Standard Webhooks secret: whsec_ and at least 24 base64 bytes',
    ),
  senders: z.array(z.string().regex(/^\d{1,20}$/, 'must be Box user ids (digits)')).optional(),
});

const apiClientsFileSchema = z.strictObject({
  clients: z.array(apiClientSchema).min(1, 'must list at least one client'),
});

export type ApiClientEntry = z.infer<typeof apiClientSchema>;

const API_CLIENTS_FILE = 'API clients file';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The clients of one file, looked up by bearer key (constant time) or by name. */
export class ApiClients {
  private constructor(private readonly entries: ApiClientEntry[]) {}

  /** Reads and validates the whole file; every problem is reported at once, never a value from it. */
  static fromFile(path: string, variable = 'BOX_SIGN_API_KEYS_FILE'): ApiClients {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new ConfigError(API_CLIENTS_FILE, [
        `${variable}: cannot read ${path} (${(err as NodeJS.ErrnoException).code})`,
      ]);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ConfigError(API_CLIENTS_FILE, [`${variable}: ${path} is not valid JSON`]);
    }
    return ApiClients.fromJson(json, variable);
  }

  static fromJson(json: unknown, variable = 'BOX_SIGN_API_KEYS_FILE'): ApiClients {
    const parsed = apiClientsFileSchema.safeParse(json);
    if (!parsed.success) {
      throw new ConfigError(
        API_CLIENTS_FILE,
        parsed.error.issues.map((issue) => `${variable}: ${issue.path.join('.') || 'file'} ${issue.message}`),
      );
    }
    const names = parsed.data.clients.map((c) => c.name);
    const repeated = names.filter((name, i) => names.indexOf(name) !== i);
    if (repeated.length > 0) throw new ConfigError(API_CLIENTS_FILE, [`${variable}: client names must be unique`]);
    return new ApiClients(parsed.data.clients);
  }

  /** The client whose key this is; every entry is compared, so timing does not tell which one matched. */
  authenticate(presentedKey: string): ApiClientEntry | undefined {
    const presented = Buffer.from(sha256Hex(presentedKey), 'hex');
    let match: ApiClientEntry | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(presented, Buffer.from(entry.keySha256, 'hex'))) match = entry;
    }
    return match;
  }

  byName(name: string): ApiClientEntry | undefined {
    return this.entries.find((entry) => entry.name === name);
  }

  get names(): string[] {
    return this.entries.map((entry) => entry.name);
  }

  /** The clients whose own `senders` name someone outside `allowed` (the deployment's list). */
  withSendersOutside(allowed: readonly string[]): string[] {
    return this.entries
      .filter((entry) => entry.senders?.some((sender) => !allowed.includes(sender)))
      .map((entry) => entry.name);
  }
}
