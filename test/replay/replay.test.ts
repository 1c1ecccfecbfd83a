import { defaultPayloadConverter } from '@temporalio/common';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SignRequestInput } from '../../contracts';
import { SEALED_SECRET_PATTERN } from '../../contracts';
import { EncryptionCodec } from '../../encryption/encryption-codec';
import { FIXTURE_KEY_RING } from './fixture-key';
import type { ReplayOutcome } from './replay-histories';
import { HISTORIES_DIR, bundleFor, formatReplayReport, historyFiles, replayAll } from './replay-histories';

/** Every kind of run that can be in flight at a deploy; each must keep a committed history. */
const REQUIRED_SCENARIOS = [
  'phone-verified-signed',
  'verification-methods-signed',
  'template-mismatch',
  'password-verified-signed',
  'two-signers-one-declines',
  'preparation-then-signed',
  'expired',
  'box-error-status',
  'invalid-input',
  'transient-box-errors-retried',
  'create-retried-first',
  'cancel-by-update',
  'temporal-cancellation',
  'resend',
  'reminders',
  'deadline',
  'webhook-signal',
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
  'sealed-secrets-signed',
  'sealed-secret-unreadable',
  'recorded-verdict-signed',
  'recorded-verdict-rejected',
  'status-memo-signed',
  'webhook-signal-repeated-deprecated-patch',
  'cancel-while-confirming-signed',
  'cancel-while-confirming-signed-before-settling',
  'cancel-while-converting',
  'cancel-refused-after-signed',
  'callback-outcome-temporal-cancellation',
  'evidence-signed',
  'evidence-late-documents-ready',
  'evidence-declined',
  'reissued',
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

describe('the committed histories hold both kinds of signer secrets', () => {
  async function firstSigner(file: string): Promise<Record<string, unknown>> {
    const history = historyFromJSON(JSON.parse(readFileSync(join(HISTORIES_DIR, file), 'utf8')));
    const payloads = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
    const [payload] = await new EncryptionCodec(FIXTURE_KEY_RING).decode(payloads);
    const input = defaultPayloadConverter.fromPayload<SignRequestInput>(payload!);
    return input.signers[0] as unknown as Record<string, unknown>;
  }

  it('requests started before sealing: plaintext, used as it is', async () => {
    expect(typeof (await firstSigner('password-verified-signed.json')).password).toBe('string');
    expect(typeof (await firstSigner('phone-verified-signed.json')).verificationPhoneNumber).toBe('string');
  });

  it("a reissue's corrected signers: sealed in the update, never in plaintext in the history", async () => {
    const text = readFileSync(join(HISTORIES_DIR, 'reissued.json'), 'utf8');
    expect(text).not.toContain('pw-corrected');
    const history = historyFromJSON(JSON.parse(text));
    const accepted = history.events?.find(
      (e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === 'reissue',
    );
    const payloads = accepted?.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.args?.payloads;
    const [payload] = await new EncryptionCodec(FIXTURE_KEY_RING).decode(payloads ?? []);
    const request = defaultPayloadConverter.fromPayload<{ signers: Record<string, unknown>[] }>(payload!);
    expect(request.signers[0]!.password).toEqual({ sealed: expect.stringMatching(SEALED_SECRET_PATTERN) });
    expect(JSON.stringify(request)).not.toContain('pw-corrected');
  });

  it('requests started since: sealed, the phone masked', async () => {
    const signer = await firstSigner('sealed-secrets-signed.json');
    expect(signer.verificationPhoneNumber).toEqual({
      sealed: expect.stringMatching(SEALED_SECRET_PATTERN),
      masked: '+1•••••••11',
    });
  });
});
