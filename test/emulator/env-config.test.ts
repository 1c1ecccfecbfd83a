import { join } from 'node:path';
import { ConfigError } from '../../config/config-error';
import { EMULATOR_SETTINGS as S } from '../../config/settings/emulator';
import { loadEmulatorEnvConfig } from '../../emulator/env-config';
import { BOX_PUBLISHED_RATE_LIMITS } from '../../emulator/rate-limits';
import { EMULATOR_DEFAULTS } from '../../emulator/server';
import { DEFAULT_WEBHOOK_SENDER_CONFIG } from '../../emulator/webhooks/config';
import { PROJECT_ROOT } from '../../scripts/tools';
import { SignTrigger } from '../../webhooks/triggers';
import { runBuilt } from '../support/run-built';

const EMULATOR = join(PROJECT_ROOT, 'lib', 'emulator', 'main.js');

const BROKEN = {
  EMULATOR_PORT: 'eighty',
  EMULATOR_CONVERSION_DELAY_MS: '-1',
  EMULATOR_FAULTS: '[{"status": 200}]',
  EMULATOR_RATE_LIMITS: 'maybe',
  EMULATOR_CREATE_RESEND_PER_MINUTE: '0',
  EMULATOR_WEBHOOK_ADDRESS: 'ftp://receiver',
  EMULATOR_WEBHOOK_PRIMARY_KEY: 'primary-key-value',
  EMULATOR_WEBHOOK_PRIMARY_KEY_FILE: '/nonexistent/key',
  EMULATOR_WEBHOOK_TRIGGERS: 'SIGN_REQUEST.COMPLETED,NOT_A_TRIGGER',
  EMULATOR_WEBHOOK_TRIGGER_SPELLING: 'shout',
  EMULATOR_WEBHOOK_MAX_RETRIES: 'many',
};

describe('the emulator configuration (node lib/emulator/main.js)', () => {
  it('reports every malformed setting at once, never echoing a key', () => {
    let error: unknown;
    try {
      loadEmulatorEnvConfig(BROKEN);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(message.split('\n')[0]).toBe('Invalid emulator configuration:');
    expect(problems).toEqual([
      'EMULATOR_PORT must be a whole number from 0 to 65535',
      'EMULATOR_CONVERSION_DELAY_MS must be a non-negative whole number',
      expect.stringMatching(/^EMULATOR_FAULTS: /),
      'EMULATOR_RATE_LIMITS must be on or off',
      'EMULATOR_CREATE_RESEND_PER_MINUTE must be a positive whole number',
      'EMULATOR_WEBHOOK_ADDRESS must use http or https',
      'set EMULATOR_WEBHOOK_PRIMARY_KEY or EMULATOR_WEBHOOK_PRIMARY_KEY_FILE, not both',
      'EMULATOR_WEBHOOK_TRIGGERS must list Sign triggers',
      'EMULATOR_WEBHOOK_TRIGGER_SPELLING must be guide or spec',
      'EMULATOR_WEBHOOK_MAX_RETRIES must be a whole number from 0 to 86400000',
    ]);
    expect(message).not.toContain('primary-key-value');
  });

  it('reads the settings it is given and leaves the rest to the emulator defaults', () => {
    const { options, logLevel } = loadEmulatorEnvConfig({
      EMULATOR_PORT: '0',
      EMULATOR_RATE_LIMITS: 'on',
      EMULATOR_GET_PER_MINUTE: '50',
      EMULATOR_FAULTS: '[{"kind": "timeout"}]',
      EMULATOR_WEBHOOK_ADDRESS: 'http://127.0.0.1:9/webhooks/box',
      EMULATOR_WEBHOOK_TRIGGERS: 'SIGN_REQUEST.COMPLETED',
      EMULATOR_WEBHOOK_MAX_RETRIES: '3',
      LOG_LEVEL: 'warn',
    });
    expect(logLevel).toBe('warn');
    expect(options).toMatchObject({
      port: 0,
      host: '127.0.0.1',
      conversionDelayMs: undefined,
      faults: [{ kind: 'timeout' }],
      rateLimits: { enabled: true, create_resend_per_minute: 100, get_per_minute: 50 },
      webhooks: { address: 'http://127.0.0.1:9/webhooks/box', triggers: [SignTrigger.Completed], max_retries: 3 },
    });
    expect(options.webhooks).not.toHaveProperty('retry_base_delay_ms');
  });

  it("documents the emulator's own defaults", () => {
    expect([
      S.EMULATOR_HOST.default,
      S.EMULATOR_DEVELOPER_TOKEN.docDefault,
      S.EMULATOR_CLIENT_ID.docDefault,
      S.EMULATOR_CLIENT_SECRET.docDefault,
      S.EMULATOR_CONVERSION_DELAY_MS.default,
      S.EMULATOR_FINALIZING_DELAY_MS.default,
      S.EMULATOR_WEBHOOK_TRIGGER_SPELLING.default,
      S.EMULATOR_WEBHOOK_MAX_RETRIES.default,
      S.EMULATOR_WEBHOOK_RETRY_BASE_DELAY_MS.default,
      S.EMULATOR_CREATE_RESEND_PER_MINUTE.default,
      S.EMULATOR_GET_PER_MINUTE.default,
    ]).toEqual([
      EMULATOR_DEFAULTS.host,
      `\`${EMULATOR_DEFAULTS.developerToken}\``,
      `\`${EMULATOR_DEFAULTS.clientId}\``,
      `\`${EMULATOR_DEFAULTS.clientSecret}\``,
      EMULATOR_DEFAULTS.conversionDelayMs,
      EMULATOR_DEFAULTS.finalizingDelayMs,
      DEFAULT_WEBHOOK_SENDER_CONFIG.trigger_spelling,
      DEFAULT_WEBHOOK_SENDER_CONFIG.max_retries,
      DEFAULT_WEBHOOK_SENDER_CONFIG.retry_base_delay_ms,
      BOX_PUBLISHED_RATE_LIMITS.create_resend_per_minute,
      BOX_PUBLISHED_RATE_LIMITS.get_per_minute,
    ]);
  });

  it('refuses to start with them: exit 2 and the whole message', async () => {
    const run = await runBuilt(EMULATOR, [], BROKEN);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Invalid emulator configuration:');
    expect(run.stderr).toContain('- EMULATOR_WEBHOOK_TRIGGER_SPELLING must be guide or spec');
    expect(run.stderr).not.toContain('primary-key-value');
  });
});
