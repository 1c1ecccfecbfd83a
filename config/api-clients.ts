import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from './config-error';

/**
 * The HTTP API's clients, from BOX_SIGN_API_KEYS_FILE: who may call the API (by the SHA-256 of their keys — a key
 * itself is never stored) and the secrets that sign their completion callbacks. The API authenticates with it; the
 * worker reads the same file for the callback secrets.
 *
 * {"clients": [{"name": "hr-suite", "keySha256": "<64 hex>", "callbackSecret": "whsec_<base64>"}]}
 *
 * Rotation with overlap: `keysSha256` (a list) instead of `keySha256` holds several keys at once, each valid, and
 * `callbackSecrets` (newest first) instead of `callbackSecret` makes every callback carry one signature per secret.
 * A client has one of each pair, never both.
 *
 * A client may have its own `senders` (Box user ids): the senders its requests may name, each of them also one of
 * the deployment's (BOX_SIGN_ALLOWED_SENDERS, checked when the API starts and when it re-reads the file). Absent: the
 * deployment's list.
 */

const CLIENT_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;

/** At most this many keys or secrets per client: rotation needs two, a few more is a forgotten clean-up. */
const MAX_ROTATING = 5;

const keyHash = z.string().regex(/^[0-9a-f]{64}$/, 'must be the hex SHA-256 of the API key (64 lower-case hex digits)');
const webhookSecret = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/]{32,}={0,2}$/, 'must be a Standard Webhooks secret: whsec_ and at least 24 base64 bytes');
const rotating = <T extends z.ZodType>(item: T, what: string) =>
  z
    .array(item)
    .min(1, `must list at least one ${what}`)
    .max(MAX_ROTATING, `must list at most ${MAX_ROTATING} ${what}s`)
    .refine((items) => new Set(items).size === items.length, `must not list the same ${what} twice`);

const apiClientSchema = z
  .strictObject({
    name: z
      .string()
      .regex(CLIENT_NAME, 'must be 1–63 lower-case letters, digits and . _ - (a search attribute value)')
      // nexus/caller-client.ts: `nexus.<namespace>` is the client a Nexus caller's requests are recorded under.
      .refine((name) => !name.startsWith('nexus.'), 'must not start with nexus. (the names of Nexus callers)'),
    keySha256: keyHash.optional(),
    keysSha256: rotating(keyHash, 'key').optional(),
    callbackSecret: webhookSecret.optional(),
    callbackSecrets: rotating(webhookSecret, 'secret').optional(),
    senders: z.array(z.string().regex(/^\d{1,20}$/, 'must be Box user ids (digits)')).optional(),
  })
  .superRefine((entry, ctx) => {
    for (const [one, many] of [
      ['keySha256', 'keysSha256'],
      ['callbackSecret', 'callbackSecrets'],
    ] as const) {
      const count = Number(entry[one] !== undefined) + Number(entry[many] !== undefined);
      if (count !== 1) ctx.addIssue({ code: 'custom', path: [many], message: `or ${one}: exactly one of the two` });
    }
  })
  .transform(({ keySha256, keysSha256, callbackSecret, callbackSecrets, ...rest }) => {
    const secrets = callbackSecrets ?? [callbackSecret ?? ''];
    return {
      ...rest,
      /** Every key this client may present (several during a rotation). */
      keysSha256: keysSha256 ?? [keySha256 ?? ''],
      /** Every secret that signs its callbacks, newest first. */
      callbackSecrets: secrets,
      /** The newest secret (the first listed). */
      callbackSecret: secrets[0] ?? '',
    };
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
    const shared = parsed.data.clients.filter((client, i) =>
      client.keysSha256.some((key) =>
        parsed.data.clients.some((other, j) => j !== i && other.keysSha256.includes(key)),
      ),
    );
    if (shared.length > 0) {
      throw new ConfigError(
        API_CLIENTS_FILE,
        shared.map((client) => `${variable}: client ${client.name} holds a key another client holds too`),
      );
    }
    return new ApiClients(parsed.data.clients);
  }

  /** The client whose key this is; every key is compared, so timing does not tell which one matched. */
  authenticate(presentedKey: string): ApiClientEntry | undefined {
    const presented = Buffer.from(sha256Hex(presentedKey), 'hex');
    let match: ApiClientEntry | undefined;
    for (const entry of this.entries) {
      for (const key of entry.keysSha256) {
        if (timingSafeEqual(presented, Buffer.from(key, 'hex'))) match = entry;
      }
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
