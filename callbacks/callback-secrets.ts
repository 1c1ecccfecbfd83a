import { statSync } from 'node:fs';
import { ApiClients } from '../config/api-clients';
import type { Logger } from '../logging/logger';

/**
 * The API clients' callback secrets for the worker, from BOX_SIGN_API_KEYS_FILE (the file the API reads). Re-read
 * when the file changes (checked before each lookup) or on `reload()` (SIGHUP), so a rotated secret is used without
 * a restart; a file that breaks while running is reported and the last good copy is kept.
 */
export class CallbackSecrets {
  private constructor(
    private readonly path: string,
    private readonly logger: Logger,
    private clients: ApiClients,
    private mtimeMs: number,
  ) {}

  /** Fails fast at start-up (ConfigError) when the file is missing or invalid. */
  static fromFile(path: string, logger: Logger): CallbackSecrets {
    const mtimeMs = statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    return new CallbackSecrets(path, logger, ApiClients.fromFile(path), mtimeMs);
  }

  /** Every secret of the client, newest first (several while it rotates): each signs every callback. */
  secretsFor(apiClient: string): readonly string[] | undefined {
    const mtimeMs = statSync(this.path, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    if (mtimeMs !== this.mtimeMs) this.reload();
    return this.clients.byName(apiClient)?.callbackSecrets;
  }

  /** A client's own `senders` (undefined: the deployment's list); `known: false` when the file does not list it. */
  sendersOf(apiClient: string): { known: boolean; senders?: readonly string[] } {
    this.secretsFor(apiClient);
    const entry = this.clients.byName(apiClient);
    return entry === undefined ? { known: false } : { known: true, senders: entry.senders };
  }

  reload(): void {
    const mtimeMs = statSync(this.path, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    try {
      this.clients = ApiClients.fromFile(this.path);
      this.logger.info('API clients file re-read for callback secrets', { clients: this.clients.names.length });
    } catch (err) {
      this.logger.error('API clients file could not be re-read; the previous callback secrets stay in use', {
        error: err instanceof Error ? err.message : String(err),
      });
    }
    this.mtimeMs = mtimeMs;
  }
}
