import { ConfigError } from '../../config/config-error';
import { loadWorkerConfig } from '../../worker/config';

describe('worker configuration', () => {
  it('reports every missing or malformed setting in one error, without echoing secrets', () => {
    const attempt = () =>
      loadWorkerConfig({
        BOX_CLIENT_ID: 'client-id',
        BOX_SUBJECT_TYPE: 'team',
        WORKER_SHUTDOWN_GRACE_MS: 'soon',
        LOG_LEVEL: 'loud',
        BOX_API_BASE_URL: 'ftp://box',
      });
    expect(attempt).toThrow(ConfigError);
    const error = (() => {
      try {
        attempt();
      } catch (err) {
        return err as ConfigError;
      }
      throw new Error('expected a configuration error');
    })();
    expect(error.problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('BOX_CLIENT_SECRET'),
        expect.stringContaining('BOX_SUBJECT_ID'),
        expect.stringContaining('BOX_SUBJECT_TYPE'),
        expect.stringContaining('BOX_API_BASE_URL'),
        expect.stringContaining('WORKER_SHUTDOWN_GRACE_MS'),
        expect.stringContaining('LOG_LEVEL'),
        expect.stringContaining('BOX_SIGN_SEALING_PRIVATE_KEYS'),
      ]),
    );
    expect(error.message).not.toContain('client-id');
  });

  it('takes the emulator defaults: a developer token, the task queue and a 30 s shutdown grace', () => {
    const config = loadWorkerConfig({
      BOX_DEVELOPER_TOKEN: 't',
      BOX_API_BASE_URL: 'http://127.0.0.1:8788/2.0',
      BOX_SIGN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
      BOX_SIGN_SEALING_PRIVATE_KEYS: `s1:${Buffer.alloc(32, 9).toString('base64')}`,
    });
    expect([...config.sealingKeys.keys()]).toEqual(['s1']);
    expect(config.box.tokenUrl).toBe('http://127.0.0.1:8788/oauth2/token');
    expect(config.temporal.taskQueue).toBe('box-sign');
    expect(config.shutdownGraceTimeMs).toBe(30_000);
    expect(config.metrics).toEqual({ port: null, host: '127.0.0.1' });
    expect(config.maxCachedWorkflows).toBe(100);
  });

  it('bounds the workflow cache with WORKER_MAX_CACHED_WORKFLOWS (at least 2, as the SDK wants)', () => {
    const base = {
      BOX_DEVELOPER_TOKEN: 't',
      BOX_SIGN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
      BOX_SIGN_SEALING_PRIVATE_KEYS: `s1:${Buffer.alloc(32, 9).toString('base64')}`,
    };
    expect(loadWorkerConfig({ ...base, WORKER_MAX_CACHED_WORKFLOWS: '30' }).maxCachedWorkflows).toBe(30);
    expect(() => loadWorkerConfig({ ...base, WORKER_MAX_CACHED_WORKFLOWS: '1' })).toThrow(
      /WORKER_MAX_CACHED_WORKFLOWS/,
    );
  });

  it('serves metrics and probes on METRICS_PORT when it is set, and reports a port that is not one', () => {
    const base = {
      BOX_DEVELOPER_TOKEN: 't',
      BOX_SIGN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
      BOX_SIGN_SEALING_PRIVATE_KEYS: `s1:${Buffer.alloc(32, 9).toString('base64')}`,
    };
    expect(loadWorkerConfig({ ...base, METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' }).metrics).toEqual({
      port: 9464,
      host: '0.0.0.0',
    });
    for (const bad of ['http', '-1', '70000']) {
      expect(() => loadWorkerConfig({ ...base, METRICS_PORT: bad })).toThrow(/METRICS_PORT must be a/);
    }
  });
});
