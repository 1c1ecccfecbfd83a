import type { ReplayOutcome } from './replay-histories';
import { bundleFor, formatReplayReport, historyFiles, replayAll } from './replay-histories';

/** Every kind of run that can be in flight at a deploy; each must keep a committed history. */
const REQUIRED_SCENARIOS = [
  'phone-verified-signed',
  'password-verified-signed',
  'two-signers-one-declines',
  'preparation-then-signed',
  'expired',
  'box-error-status',
  'invalid-input',
  'transient-box-errors-retried',
  'cancel-by-update',
  'temporal-cancellation',
  'resend',
  'reminders',
  'deadline',
  'webhook-signal',
  'webhook-signal-repeated',
  'webhook-signal-repeated-before-dedupe',
  'continue-as-new.first-run',
  'continue-as-new.last-run',
  'legacy-lenient-input-signed',
  'strict-input-signed',
  'strict-input-rejected',
  'callback-signer-events-signed',
  'callback-before-callbacks',
  'api-created-then-signed',
  'api-create-rejected',
  'stuck-create-cancelled',
  'stuck-create-found-and-cancelled',
  'stuck-create-temporal-cancellation',
  'create-abandoned',
];

describe('committed histories replay against the current workflow code', () => {
  let outcomes: ReplayOutcome[];
  beforeAll(async () => {
    outcomes = await replayAll(await bundleFor());
    console.log(formatReplayReport(outcomes));
  }, 120_000);

  it('there is a history for every scenario', () => {
    const names = historyFiles().map((file) => file.replace(/\.json$/, ''));
    expect(names).toEqual(expect.arrayContaining(REQUIRED_SCENARIOS));
  });

  it.each(historyFiles())('%s replays without a nondeterminism error', (file) => {
    const outcome = outcomes.find((o) => o.file === file);
    expect(outcome).toBeDefined();
    expect(formatReplayReport([outcome!])).toBe(`ok   ${file}`);
  });
});
