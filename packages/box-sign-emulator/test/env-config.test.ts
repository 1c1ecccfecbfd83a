import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEmulatorEnvConfig } from '../src/env/load';
import { EmulatorConfigError } from '../src/env/reader';
import { SignTrigger } from '../src/webhooks/triggers';

const PACKAGE_ROOT = join(__dirname, '..');
/** The built entry point (the package's `pretest` builds it). */
const EMULATOR = join(PACKAGE_ROOT, 'dist', 'main.js');

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

describe('the emulator configuration (box-sign-emulator, node dist/main.js)', () => {
  it('reports every malformed setting at once, never echoing a key', () => {
    let error: unknown;
    try {
      loadEmulatorEnvConfig(BROKEN);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(EmulatorConfigError);
    const { problems, message } = error as EmulatorConfigError;
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

  it('the README documents every variable the emulator reads', () => {
    const sources = readdirSync(join(PACKAGE_ROOT, 'src', 'env')).map((file) =>
      readFileSync(join(PACKAGE_ROOT, 'src', 'env', file), 'utf8'),
    );
    const read = new Set(sources.flatMap((text) => [...text.matchAll(/'(EMULATOR_[A-Z_]+)'/g)].map((m) => m[1] ?? '')));
    expect(read.size).toBeGreaterThan(15);
    const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
    expect([...read].filter((name) => !readme.includes(name))).toEqual([]);
  });

  it('refuses to start with them: exit 2 and the whole message', () => {
    const run = spawnSync(process.execPath, [EMULATOR], {
      env: { PATH: process.env.PATH, ...BROKEN },
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Invalid emulator configuration:');
    expect(run.stderr).toContain('- EMULATOR_WEBHOOK_TRIGGER_SPELLING must be guide or spec');
    expect(run.stderr).not.toContain('primary-key-value');
  });
});
