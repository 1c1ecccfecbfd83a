import { ActivityFailure, ApplicationFailure, RetryState } from '@temporalio/common';
import { listText } from '../../client/cli/commands/list';
import { formatResult } from '../../client/cli/format/result';
import { formatState } from '../../client/cli/format/state';
import { formatTable } from '../../client/cli/format/table';
import { creatingNotice } from '../../client/cli/retrying-notice';
import { rootFailure } from '../../client/failure-cause';
import type { SignRequestResult, SignRequestState } from '../../contracts';

function state(overrides: Partial<SignRequestState> = {}): SignRequestState {
  return {
    businessKey: 'order-42',
    phase: 'waiting',
    signRequestId: 'sr-1',
    boxStatus: 'sent',
    signers: [
      {
        email: 'sender@example.com',
        role: 'final_copy_reader',
        order: 1,
        progress: 'waiting',
        viewedAt: null,
        decidedAt: null,
        decisionNote: null,
      },
      {
        email: 'ann@example.com',
        role: 'signer',
        order: 1,
        progress: 'invited',
        viewedAt: null,
        decidedAt: null,
        decisionNote: null,
      },
      {
        email: 'bob@example.com',
        role: 'approver',
        order: 2,
        progress: 'waiting',
        viewedAt: null,
        decidedAt: null,
        decisionNote: null,
      },
    ],
    prepareUrl: null,
    sentAt: '2026-12-01T10:00:00.000Z',
    lastCheckedAt: '2026-12-01T10:05:00.000Z',
    nextCheckAt: '2026-12-01T10:15:00.000Z',
    statusChanges: 2,
    polls: 7,
    boxEvents: 0,
    resends: { done: 1, lastAt: '2026-12-01T10:20:00.000Z', nextAllowedAt: '2026-12-01T10:30:00.000Z' },
    reminders: { sent: 2, nextAt: '2026-12-03T10:00:00.000Z' },
    deadlineAt: '2026-12-31T00:00:00.000Z',
    cancellation: null,
    outcome: null,
    failure: null,
    failureType: null,
    retrying: null,
    result: null,
    callback: null,
    run: 1,
    ...overrides,
  };
}

/** The value printed after `label:` (labels are padded so values line up). */
function field(text: string, label: string): string | undefined {
  return text
    .split('\n')
    .find((line) => line.startsWith(`${label}:`))
    ?.slice(label.length + 1)
    .trim();
}

describe('box-sign status text', () => {
  it('shows everything --json has, readably: checks, next check, resends, reminders, deadline', () => {
    const text = formatState(state());
    expect(field(text, 'phase')).toBe('waiting');
    expect(field(text, 'box status')).toBe('sent');
    expect(field(text, 'checks')).toBe(
      '7 so far, 2 status change(s), last change seen 2026-12-01T10:05:00.000Z, next check 2026-12-01T10:15:00.000Z',
    );
    expect(field(text, 'resends')).toBe(
      '1, last at 2026-12-01T10:20:00.000Z, next possible at 2026-12-01T10:30:00.000Z',
    );
    expect(field(text, 'reminders')).toBe('2 sent, next at 2026-12-03T10:00:00.000Z');
    expect(field(text, 'deadline')).toBe('2026-12-31T00:00:00.000Z');
    expect(text).not.toContain('last checked');
    const labelled = text.split('\n').filter((line) => /^[a-z ]+: /.test(line));
    const valueColumns = labelled.map((line) => /^[a-z ]+: +/.exec(line)![0].length);
    expect(labelled.length).toBeGreaterThan(8);
    expect(new Set(valueColumns).size).toBe(1);
  });

  it('lists the signers but never the sender Box adds as final_copy_reader', () => {
    const text = formatState(state());
    expect(text).toContain('  ann@example.com (signer, order 1): invited');
    expect(text).toContain('  bob@example.com (approver, order 2): waiting');
    expect(text).not.toMatch(/^ +sender@example\.com/m);
    expect(field(text, 'final copy to')).toBe('sender@example.com');
  });

  it('a finished request has no next check, nobody still waiting, and says who cancelled and why', () => {
    const text = formatState(
      state({
        phase: 'completed',
        boxStatus: 'cancelled',
        cancellation: { by: 'operator', reason: 'deal fell through', at: '2026-12-01T11:00:00.000Z' },
      }),
    );
    expect(text).not.toContain('next check');
    expect(text).not.toContain('next possible');
    expect(text).not.toMatch(/: waiting/);
    expect(text).toContain('  bob@example.com (approver, order 2): not reached');
    expect(field(text, 'cancellation')).toBe('by operator at 2026-12-01T11:00:00.000Z: deal fell through');
  });

  it("a declined signer's note is shown", () => {
    const declined = {
      email: 'ann@example.com',
      role: 'signer',
      order: 1,
      progress: 'declined' as const,
      viewedAt: null,
      decidedAt: '2026-12-01T11:00:00.000Z',
      decisionNote: 'wrong amount',
    };
    const text = formatState(state({ phase: 'completed', boxStatus: 'declined', signers: [declined] }));
    expect(text).toContain('  ann@example.com (signer, order 1): declined at 2026-12-01T11:00:00.000Z (wrong amount)');
  });

  it('while creating, the signers are not known yet', () => {
    const text = formatState(state({ phase: 'creating', signRequestId: null, boxStatus: null, signers: [] }));
    expect(field(text, 'signers')).toBe('not known until Box accepts the request');
  });

  it('a failed request shows its failure as type: message', () => {
    const text = formatState(
      state({ phase: 'failed', failureType: 'BoxRequestRejected', failure: '403 access_denied' }),
    );
    expect(field(text, 'failure')).toBe('BoxRequestRejected: 403 access_denied');
  });

  it('a retrying create shows attempt, last error and next attempt', () => {
    const retrying = {
      activity: 'createSignRequest',
      attempts: 5,
      lastErrorType: 'BoxUnavailable',
      lastErrorMessage: '503 unavailable',
      nextAttemptAt: '2026-12-01T10:01:00.000Z',
    };
    const text = formatState(state({ phase: 'creating', signRequestId: null, boxStatus: null, retrying }));
    expect(field(text, 'problem')).toBe(
      'retrying createSignRequest: attempt 5, last error BoxUnavailable: 503 unavailable, next attempt 2026-12-01T10:01:00.000Z',
    );
    expect(creatingNotice(retrying)).toBe(
      'still creating: Box failing (attempt 5, BoxUnavailable: 503 unavailable); waiting…',
    );
  });
});

describe('box-sign result text', () => {
  const result: SignRequestResult = {
    businessKey: 'order-42',
    signRequestId: 'sr-1',
    outcome: 'cancelled',
    status: 'cancelled',
    signers: [
      { email: 'ann@example.com', role: 'signer', order: 1, decision: null, decidedAt: null, decisionNote: null },
    ],
    signedFileIds: ['file-1'],
    signingLogFileId: 'log-1',
    prepareUrl: null,
    finishedAt: '2026-12-01T11:00:00.000Z',
    cancellation: { by: 'operator', reason: 'deal fell through', at: '2026-12-01T11:00:00.000Z' },
    callback: null,
  };

  it('a cancelled request says who cancelled and why, and lists no signed files', () => {
    const text = formatResult(result);
    expect(text).toContain('outcome: cancelled (sign request sr-1)');
    expect(text).toContain('cancelled by operator at 2026-12-01T11:00:00.000Z: deal fell through');
    expect(text).not.toContain('signed files');
    expect(text).not.toContain('signing log');
  });

  it('a request cancelled before Box accepted it says so', () => {
    expect(formatResult({ ...result, signRequestId: null })).toContain('outcome: cancelled (never accepted by Box)');
  });

  it('a signed request lists its signed files', () => {
    expect(formatResult({ ...result, outcome: 'signed', cancellation: null })).toContain('signed files: file-1');
  });
});

describe('box-sign list table', () => {
  it('has a header row and aligned columns whatever the length of the values', () => {
    const text = formatTable(
      ['ID', 'STATUS', 'WHEN'],
      [
        ['a', 'error_finalizing', 't1'],
        ['a-much-longer-workflow-id', 'sent', 't2'],
      ],
    );
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^ID +STATUS +WHEN$/);
    const statusAt = lines[0]!.indexOf('STATUS');
    const whenAt = lines[0]!.indexOf('WHEN');
    for (const line of lines.slice(1)) {
      expect(line[statusAt - 1]).toBe(' ');
      expect(line[statusAt]).not.toBe(' ');
      expect(line.slice(whenAt)).toMatch(/^t\d$/);
    }
  });

  it('says when nothing matched, naming the status', () => {
    expect(listText([], 'declined')).toBe('no sign requests with Box status declined');
  });
});

describe('the reason a workflow failed', () => {
  it('is the ApplicationFailure at the bottom of the chain, not "Activity task failed"', () => {
    const cause = ApplicationFailure.create({
      type: 'BoxRequestRejected',
      message: '403 access_denied',
      nonRetryable: true,
    });
    const activity = new ActivityFailure(
      'Activity task failed',
      'createSignRequest',
      '1',
      RetryState.NON_RETRYABLE_FAILURE,
      undefined,
      cause,
    );
    const workflow = new Error('Workflow execution failed', { cause: activity });
    expect(rootFailure(workflow)).toEqual({ type: 'BoxRequestRejected', message: '403 access_denied' });
    expect(rootFailure(cause)).toEqual({ type: 'BoxRequestRejected', message: '403 access_denied' });
  });
});
