import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { SignRequestInput } from '../../contracts';
import { ErrorType, SIGN_REQUEST_WORKFLOW_TYPE } from '../../contracts';
import { InvalidSignRequestInputError, startSignRequest } from '../../client';
import type { Harness } from '../support/harness';
import { signRequest, startHarness, uniqueKey } from '../support/harness';

type Case = [string, Partial<SignRequestInput> | ((input: SignRequestInput) => void), string];

const cases: Case[] = [
  [
    'a phone number that is not E.164',
    (i) => (i.signers[0]!.verificationPhoneNumber = '(555) 123-2190'),
    'signers[0].verificationPhoneNumber',
  ],
  ['an invalid signer email', (i) => (i.signers[0]!.email = 'not-an-email'), 'signers[0].email'],
  ['an empty password', (i) => (i.signers[0]!.password = ''), 'signers[0].password'],
  ['no source files and no template', { sourceFiles: [] }, 'sourceFiles'],
  [
    'more than 10 source files',
    { sourceFiles: Array.from({ length: 11 }, (_, n) => ({ id: String(100 + n) })) },
    'sourceFiles',
  ],
  ['parent folder 0', { parentFolder: { id: '0' } }, 'parentFolder.id'],
  ['no signers', { signers: [] }, 'signers'],
  [
    'more than 35 signers',
    { signers: Array.from({ length: 36 }, (_, n) => ({ email: `s${n}@example.com` })) },
    'signers',
  ],
  ['daysValid out of 0–730', { daysValid: 731 }, 'daysValid'],
  ['verification on a final_copy_reader', (i) => (i.signers[0]!.role = 'final_copy_reader'), 'signers[0].role'],
  // Strict rules (the workflow applies them to runs started after the strict-input-schema patch).
  ['a misspelled signer field', (i) => Object.assign(i.signers[0]!, { emial: 'x' }), 'signers[0].emial'],
  ['a business key with /', (i) => (i.businessKey = `${i.businessKey}/x`), 'businessKey'],
  ['a deadline already passed', { deadline: '2020-01-01T00:00:00Z' }, 'deadline'],
  ['HTML outside the tags Box allows', { emailMessage: '<p>Hello</p>' }, 'emailMessage'],
  ['a whitespace-only password', (i) => (i.signers[0]!.password = '   '), 'signers[0].password'],
];

function build(change: Case[1]): SignRequestInput {
  const input = signRequest({ signers: [{ email: 'v@example.com', password: 'pw' }] });
  if (typeof change === 'function') change(input);
  else Object.assign(input, change);
  return input;
}

describe('bad input is refused before any Box call', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterAll(() => h?.teardown());

  it.each(cases)('the workflow fails fast on %s, naming %s, and Box hears nothing', async (_name, change, field) => {
    const input = build(change);
    // Straight to Temporal, past the client's own check: the workflow's validation is the authoritative one.
    const handle = await h.client.workflow.start(SIGN_REQUEST_WORKFLOW_TYPE, {
      workflowId: `invalid-${uniqueKey('wf')}`,
      taskQueue: h.taskQueue,
      args: [input],
    });
    const failure = await handle.result().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause as ApplicationFailure;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause.type).toBe(ErrorType.InvalidSignRequestInput);
    expect(cause.nonRetryable).toBe(true);
    expect(cause.message).toContain(field);
    expect(await h.control.calls()).toEqual([]);
  });

  it.each(cases)('the client refuses %s up front without starting a workflow', async (_name, change, field) => {
    const input = build(change);
    const failure = await startSignRequest(h.client, input, { taskQueue: h.taskQueue, sealing: h.sealing }).catch(
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(InvalidSignRequestInputError);
    expect((failure as Error).name).toBe(ErrorType.InvalidSignRequestInput);
    expect((failure as Error).message).toContain(field);
    const started = await h.client.workflow.count(`BusinessKey = '${input.businessKey}'`);
    expect(started.count).toBe(0);
    expect(await h.control.calls()).toEqual([]);
  });
});
