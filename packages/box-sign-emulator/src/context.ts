import type { Logger } from './logger';
import type { AuthConfig } from './auth';
import { TokenIssuer } from './auth';
import { CallLog } from './call-log';
import { RequestDocuments } from './documents/documents';
import { EmulatorFiles } from './files/files';
import { EmulatorClock } from './clock';
import { EnterpriseSettings } from './enterprise';
import { TemplateStore } from './templates/templates';
import { FaultInjector } from './faults';
import { FolderTree } from './folders';
import type { Timings } from './lifecycle';
import type { PersistedState } from './model';
import { RateLimiter, type RateLimitConfig } from './rate-limits';
import { SignerActions } from './signer-actions';
import { SignRequestStore } from './store';
import { UserDirectory, type EmulatorUser } from './users';
import type { WebhookSenderConfig } from './webhooks/config';
import { DEFAULT_WEBHOOK_SENDER_CONFIG } from './webhooks/config';
import { EmulatorWebhooks } from './webhooks/emulator-webhooks';

export interface ContextConfig {
  auth: AuthConfig;
  timings: Timings;
  /** Who the tokens authenticate: the acting user of calls without `as-user`. */
  authenticatedUser: EmulatorUser;
  logger: Logger;
  rateLimits?: RateLimitConfig;
  /** Webhook delivery at start-up (no address: no webhooks). */
  webhooks?: WebhookSenderConfig;
  /** Where file bytes are kept; none: a temporary directory, removed by `dispose()`. */
  filesDir?: string;
}

/** Everything one emulator instance holds; routes receive this. */
export class EmulatorContext {
  readonly clock = new EmulatorClock();
  readonly store: SignRequestStore;
  readonly actions: SignerActions;
  readonly tokens: TokenIssuer;
  readonly faults = new FaultInjector();
  readonly folders = new FolderTree();
  readonly calls = new CallLog();
  /** The enterprise admin's switches (CAC/PIV permission). */
  readonly enterprise = new EnterpriseSettings();
  /** Box Sign templates, made through the control API (templates/). */
  readonly templates = new TemplateStore();
  readonly rateLimits: RateLimiter;
  readonly webhooks: EmulatorWebhooks;
  readonly logger: Logger;
  /** The enterprise's users: who the tokens authenticate, and whom `as-user` may name (users.ts). */
  readonly users: UserDirectory;
  /** Box's files: uploads, sign requests' documents, download links (files/). */
  readonly files: EmulatorFiles;
  /** The PDFs sign requests make (documents/). */
  readonly documents: RequestDocuments;
  /** Set once the server listens; used in prepare/embed URLs. */
  baseUrl = '';

  constructor(config: ContextConfig) {
    this.store = new SignRequestStore(this.clock, { timings: config.timings });
    this.users = new UserDirectory(config.authenticatedUser);
    this.actions = new SignerActions(this.store);
    this.tokens = new TokenIssuer(this.clock, config.auth);
    this.rateLimits = new RateLimiter(this.clock, config.rateLimits);
    this.logger = config.logger;
    this.files = new EmulatorFiles(
      () => this.store.nextFileId(),
      () => this.clock.nowMs(),
      config.filesDir,
    );
    this.documents = new RequestDocuments(this.store, this.files, this.users, this.clock);
    this.webhooks = new EmulatorWebhooks(
      this.store,
      this.clock,
      this.users,
      this.folders,
      config.webhooks ?? DEFAULT_WEBHOOK_SENDER_CONFIG,
      config.logger,
    );
  }

  /** Faults, rate-limit windows and the call log are test scaffolding, so they are not part of the persisted state. */
  snapshot(): PersistedState {
    return {
      version: 1,
      clock_offset_ms: this.clock.offsetMs,
      ...this.store.snapshot(),
      ...this.tokens.snapshot(),
      webhooks: this.webhooks.snapshot(),
      folder_parents: this.folders.snapshot(),
      users: this.users.snapshot(),
      files: this.files.snapshot(),
      enterprise: this.enterprise.snapshot(),
      sign_templates: this.templates.snapshot(),
    };
  }

  restore(state: PersistedState): void {
    this.clock.reset(state.clock_offset_ms);
    this.store.restore(state);
    this.tokens.restore(state);
    this.webhooks.restore(state.webhooks);
    this.folders.restore(state.folder_parents);
    this.users.restore(state.users);
    this.files.restore(state.files);
    this.enterprise.restore(state.enterprise);
    this.templates.restore(state.sign_templates);
  }

  reset(): void {
    this.clock.reset();
    this.store.reset();
    this.tokens.reset();
    this.faults.clear();
    this.calls.clear();
    this.rateLimits.reset();
    this.webhooks.reset();
    this.folders.clear();
    this.users.reset();
    this.files.reset();
    this.enterprise.reset();
    this.templates.reset();
  }

  /** Removes what the instance keeps outside its state (a temporary files directory). */
  dispose(): void {
    this.files.dispose();
  }
}
