import { join } from 'node:path';

/**
 * box-sign-emulator: a local Box Sign that Box's own SDK cannot tell apart from Box. Start it in-process with
 * `startEmulator`, or as a process (`box-sign-emulator`, or `node` on EMULATOR_MAIN); steer it with `EmulatorControl`.
 */
export { startEmulator, EMULATOR_DEFAULTS } from './server';
export type { EmulatorOptions, RunningEmulator } from './server';
export { EmulatorControl } from './control-client';
export type * from './control-client';
export { AUTHENTICATED_USER, EMULATOR_USERS } from './users';
export type { CallRecord, CallStats } from './call-log';
export { BOX_PUBLISHED_RATE_LIMITS, bucketOf } from './rate-limits';
export type { RateLimitConfig } from './rate-limits';
export { ALL_SENT_TRIGGERS, DEFAULT_WEBHOOK_SENDER_CONFIG } from './webhooks/config';
export type { WebhookSenderConfig } from './webhooks/config';
export { SignTrigger } from './webhooks/triggers';
export type { SignTriggerName, TriggerSpelling } from './webhooks/triggers';
export type { ControlView } from './render';
export { MAX_DIRECT_UPLOAD_BYTES } from './files/routes';
export { MIN_SESSION_FILE_SIZE, SESSION_PART_SIZE } from './files/upload-sessions';
export { DOWNLOAD_LINK_TTL_MS } from './files/downloads';
export { loadEmulatorEnvConfig, DEFAULT_EMULATOR_PORT } from './env/load';
export { EmulatorConfigError } from './env/reader';
export type { Logger, LogLevel } from './logger';

/** The emulator's process entry point, for `node EMULATOR_MAIN` (its environment: the README). */
export const EMULATOR_MAIN = join(__dirname, 'main.js');
