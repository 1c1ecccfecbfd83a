import { loadAllowedSenders } from '../../config/allowed-senders';
import { ConfigError } from '../../config/config-error';
import { senderNotAllowedRule } from '../../contracts';
import { senderIssue } from '../../contracts/allowed-senders';
import { loadWorkerConfig } from '../../worker/config';

const WORKER_ENV = {
  BOX_DEVELOPER_TOKEN: 't',
  BOX_SIGN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  BOX_SIGN_SEALING_PRIVATE_KEYS: `s1:${Buffer.alloc(32, 9).toString('base64')}`,
};

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a configuration error');
}

describe('BOX_SIGN_ALLOWED_SENDERS', () => {
  it('is a comma-separated list of Box user ids, trimmed; unset or blank: none', () => {
    expect(loadAllowedSenders({ BOX_SIGN_ALLOWED_SENDERS: ' 20001, 20002 ,,20003' })).toEqual([
      '20001',
      '20002',
      '20003',
    ]);
    expect(loadAllowedSenders({})).toEqual([]);
    expect(loadAllowedSenders({ BOX_SIGN_ALLOWED_SENDERS: '  ' })).toEqual([]);
  });

  it('refuses an entry that is not a Box user id, naming the setting and the rule, never the value', () => {
    for (const bad of ['20001,hr@example.com', '20001;20002', '-5', '123456789012345678901']) {
      const problems = problemsOf(() => loadAllowedSenders({ BOX_SIGN_ALLOWED_SENDERS: bad }));
      expect(problems).toEqual(['BOX_SIGN_ALLOWED_SENDERS must be comma-separated Box user ids (digits)']);
      expect(problems.join()).not.toContain(bad);
    }
  });

  it('is read by the worker and the webhook receiver, and a malformed one stops them at start-up', () => {
    expect(loadWorkerConfig({ ...WORKER_ENV, BOX_SIGN_ALLOWED_SENDERS: '20001,20002' }).allowedSenders).toEqual([
      '20001',
      '20002',
    ]);
    expect(loadWorkerConfig(WORKER_ENV).allowedSenders).toEqual([]);
    expect(problemsOf(() => loadWorkerConfig({ ...WORKER_ENV, BOX_SIGN_ALLOWED_SENDERS: 'hr' }))).toContain(
      'BOX_SIGN_ALLOWED_SENDERS must be comma-separated Box user ids (digits)',
    );
  });
});

describe('senderIssue', () => {
  const named = (boxUserId: string) => ({ sender: { boxUserId } });

  it('lets through a request naming no sender, whatever the lists', () => {
    expect(senderIssue({}, { deployment: [] })).toBeNull();
    expect(senderIssue({}, { deployment: [], apiClient: [] })).toBeNull();
  });

  it('refuses a sender outside the deployment’s list, then outside the API client’s own', () => {
    const field = 'sender.boxUserId';
    expect(senderIssue(named('20001'), { deployment: [] })).toEqual({
      field,
      rule: senderNotAllowedRule('deployment'),
    });
    expect(senderIssue(named('20001'), { deployment: ['20001'] })).toBeNull();
    expect(senderIssue(named('20002'), { deployment: ['20001', '20002'], apiClient: ['20001'] })).toEqual({
      field,
      rule: senderNotAllowedRule('apiClient'),
    });
    expect(senderIssue(named('20001'), { deployment: ['20001', '20002'], apiClient: ['20001'] })).toBeNull();
  });
});
