import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { countBulkStart } from '../../client/bulk-start';
import { readBatchFile } from '../../client/cli/batch-file';
import { LineProgress, batchProgress } from '../../client/cli/batch-progress';
import type { BatchLineResult } from '../../client/cli/commands/start-batch';
import { reportText } from '../../client/cli/commands/start-batch';
import { CliInputError } from '../../client/cli/errors';

const dir = mkdtempSync(join(tmpdir(), 'cli-batch-'));
function file(text: string): string {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(path, text);
  return path;
}

const counts = (started: number, alreadyStarted = 0, invalid = 0, failed = 0) => ({
  started,
  alreadyStarted,
  invalid,
  failed,
});

describe('start --batch: reading the file', () => {
  it('one input per line with its line number; blank lines are skipped, not counted', () => {
    const lines = readBatchFile(file('{"businessKey":"a"}\n\n   \r\n{"businessKey":"b"}\r\n'));
    expect(lines).toEqual([
      { line: 1, input: { businessKey: 'a' } },
      { line: 4, input: { businessKey: 'b' } },
    ]);
  });

  it('a line that is not JSON is kept as invalid with the column of its error, never its text', () => {
    const [bad] = readBatchFile(file('{"password": "hunter2" x}\n'));
    expect(bad).toEqual({ line: 1, issues: [{ field: 'input', rule: expect.stringContaining('column 24') }] });
    expect(JSON.stringify(bad)).not.toContain('hunter2');
  });

  it('an unreadable or empty file is a usage error', () => {
    expect(() => readBatchFile(join(dir, 'missing.jsonl'))).toThrow(CliInputError);
    expect(() => readBatchFile(file('\n\n'))).toThrow('holds no sign requests');
  });
});

describe('start --batch: progress', () => {
  it('draws a cli-progress bar when stderr is a terminal', () => {
    const terminal = Object.assign(new PassThrough(), { isTTY: true, columns: 120 }) as unknown as NodeJS.WriteStream;
    let drawn = '';
    (terminal as unknown as PassThrough).on('data', (chunk: Buffer) => (drawn += chunk.toString()));
    const io = { out: () => {}, err: () => {}, terminal };
    const progress = batchProgress(io, { done: 0, total: 4, counts: counts(0) });
    expect(progress.kind).toBe('bar');
    progress.update({ done: 2, total: 4, counts: counts(1, 1) });
    progress.stop();
    expect(drawn).toContain('started 1, already started 1, invalid 0, failed 0');
    expect(drawn).toMatch(/2\/4/);
  });

  it('prints plain lines on stderr when it is not a terminal: every tenth, every few seconds, and the end', () => {
    const lines: string[] = [];
    const io = { out: () => {}, err: (text: string) => lines.push(text) };
    expect(batchProgress(io, { done: 0, total: 20, counts: counts(0) }).kind).toBe('lines');
    let now = 0;
    const progress = new LineProgress(io, { done: 0, total: 20, counts: counts(0) }, () => now);
    for (let done = 1; done <= 5; done += 1) progress.update({ done, total: 20, counts: counts(done) });
    expect(lines).toEqual([
      'box-sign: 2/20 done: started 2, already started 0, invalid 0, failed 0\n',
      expect.any(String),
    ]);
    now += LineProgress.EVERY_MS;
    progress.update({ done: 7, total: 20, counts: counts(6, 0, 1) });
    expect(lines[2]).toBe('box-sign: 7/20 done: started 6, already started 0, invalid 1, failed 0\n');
    progress.update({ done: 20, total: 20, counts: counts(18, 0, 1, 1) });
    expect(lines.at(-1)).toBe('box-sign: 20/20 done: started 18, already started 0, invalid 1, failed 1\n');
  });
});

describe('start --batch: the report', () => {
  it('names each invalid and failed line (field and rule), then the summary with their line numbers', () => {
    const results: BatchLineResult[] = [
      { line: 1, businessKey: 'a', status: 'started', workflowId: 'box-sign-a' },
      {
        line: 2,
        status: 'invalid',
        issues: [{ field: 'input', rule: 'is not valid JSON (syntax error at column 3)' }],
      },
      { line: 4, businessKey: 'b', status: 'alreadyStarted', workflowId: 'box-sign-b' },
      {
        line: 5,
        businessKey: 'c',
        status: 'invalid',
        issues: [{ field: 'signers[0].email', rule: 'must be an email address' }],
      },
      { line: 6, businessKey: 'd', status: 'failed', error: { type: 'ServiceError', message: 'namespace rate limit' } },
    ];
    expect(reportText(results, countBulkStart(results))).toBe(
      [
        'line 2: invalid: input is not valid JSON (syntax error at column 3)',
        'line 5 (c): invalid: signers[0].email must be an email address',
        'line 6 (d): failed: ServiceError: namespace rate limit',
        'started 1, already started 1, invalid 2 (lines 2, 5), failed 1 (line 6)',
      ].join('\n'),
    );
  });

  it('an invalid line shows the rule as written (its example too) and never a value typed as a field name', () => {
    const results: BatchLineResult[] = [
      {
        line: 1,
        businessKey: 'a',
        status: 'invalid',
        issues: [
          { field: 'signers[0].verificationPhoneNumber', rule: 'must be an E.164 phone number such as +15551232190' },
          { field: 'signers[0].ann@example.com', rule: 'is not a known field' },
        ],
      },
    ];
    const [line] = reportText(results, countBulkStart(results)).split('\n');
    expect(line).toBe(
      'line 1 (a): invalid: signers[0].verificationPhoneNumber must be an E.164 phone number such as +15551232190; ' +
        'signers[0][REDACTED] is not a known field',
    );
  });

  it('lists at most 20 line numbers in the summary', () => {
    const results: BatchLineResult[] = Array.from({ length: 25 }, (_v, i) => ({
      line: i + 1,
      status: 'invalid',
      issues: [{ field: 'businessKey', rule: 'is required' }],
    }));
    const summary = reportText(results, countBulkStart(results)).split('\n').at(-1);
    expect(summary).toBe(
      'started 0, already started 0, invalid 25 (lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, … 5 more), failed 0',
    );
  });
});
