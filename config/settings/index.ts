import type { ProcessName, Setting } from '../setting';
import { API_SETTINGS } from './api';
import { API_LIMIT_SETTINGS } from './api-limits';
import { BOX_SETTINGS } from './box';
import { CALLBACK_SETTINGS } from './callbacks';
import { CODEC_SERVER_SETTINGS } from './codec-server';
import { DEPLOYMENT_SETTINGS } from './deployment';
import { DOCUMENT_SETTINGS } from './documents';
import { ENCRYPTION_SETTINGS } from './encryption';
import { SHARED_SETTINGS } from './shared';
import { TELEMETRY_SETTINGS } from './telemetry';
import { TENANCY_SETTINGS } from './tenancy';
import { TEMPORAL_SETTINGS } from './temporal';
import { WEBHOOK_RECEIVER_SETTINGS } from './webhook-receiver';
import { WORKER_SETTINGS } from './worker';

/**
 * Every setting of every process, by variable name. Adding a setting: one entry in the file of its area (or a new
 * file added here); the reader validates it, `npm run config:docs` writes it into docs/configuration.md.
 */
export const SETTINGS = {
  ...BOX_SETTINGS,
  ...TEMPORAL_SETTINGS,
  ...ENCRYPTION_SETTINGS,
  ...WORKER_SETTINGS,
  ...DEPLOYMENT_SETTINGS,
  ...API_SETTINGS,
  ...API_LIMIT_SETTINGS,
  ...DOCUMENT_SETTINGS,
  ...WEBHOOK_RECEIVER_SETTINGS,
  ...CODEC_SERVER_SETTINGS,
  ...SHARED_SETTINGS,
  ...CALLBACK_SETTINGS,
  ...TELEMETRY_SETTINGS,
  ...TENANCY_SETTINGS,
};

export const ALL_SETTINGS: readonly Setting[] = Object.values(SETTINGS);

/** The settings a process reads, in catalog order. */
export function settingsOf(process: ProcessName): Setting[] {
  return ALL_SETTINGS.filter((setting) => setting.processes.includes(process));
}
