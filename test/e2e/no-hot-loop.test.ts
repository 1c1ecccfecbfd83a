import { WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { InvalidSignRequestInputError } from '../../client';
import type { SignRequestInput } from '../../contracts';
import {
  ErrorType,
  MAX_INPUT_BYTES,
  SIGN_REQUEST_WORKFLOW_TYPE,
  encodedInputBytes,
  workflowIdForBusinessKey,
} from '../../contracts';
import { sealSignRequestInput } from '../../encryption/seal-input';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { inputOfSize } from '../support/input-of-size';

const { EVENT_TYPE_WORKFLOW_TASK_FAILED } = temporal.api.enums.v1.EventType;

/** Temporal refuses a payload over 2 MiB; this is what a starter that skips the library could still send. */
const JUST_UNDER_TEMPORAL_LIMIT = 2 * 1024 * 1024 - 100 * 1024;

describe('no input makes a workflow task fail over and over', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterAll(() => h?.teardown());

  const failedWorkflowTasks = async (workflowId: string) => {
    const history = await h.client.workflow.getHandle(workflowId).fetchHistory();
    return (history.events ?? []).filter((e) => e.eventType === EVENT_TYPE_WORKFLOW_TASK_FAILED).length;
  };

  /** The limit holds for the input as Temporal stores it: sealed, a password takes a fixed number of bytes more. */
  const sealingOverhead = (input: SignRequestInput) =>
    encodedInputBytes(sealSignRequestInput(input, h.sealing)) - encodedInputBytes(input);

  it('an input at the size limit reaches Box and ends with Box’s answer, with no failed workflow task', async () => {
    const base = signRequest({ signers: [{ email: 'big@example.com', password: 'pw' }] });
    const input = inputOfSize(MAX_INPUT_BYTES - sealingOverhead(base), base);
    expect(encodedInputBytes(sealSignRequestInput(input, h.sealing))).toBe(MAX_INPUT_BYTES);
    const workflowId = await h.start(input);

    // Box's create body for it is over 1 MiB, which the emulator (like Box) refuses with a 413: a typed failure.
    const failure = (await h.result(workflowId).catch((err: unknown) => err)) as WorkflowFailedError;
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect((failure.cause as ApplicationFailure).type).toBe(ErrorType.BoxRequestRejected);
    expect(failure.cause?.message).toContain('413');
    expect(await failedWorkflowTasks(workflowId)).toBe(0);
  });

  it('an input at the limit in plaintext but over it once sealed is refused before anything starts', async () => {
    const input = inputOfSize(
      MAX_INPUT_BYTES,
      signRequest({ signers: [{ email: 'edge@example.com', password: 'pw' }] }),
    );
    const refusal = await h.start(input).catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(InvalidSignRequestInputError);
    expect((refusal as InvalidSignRequestInputError).issues).toEqual([
      {
        field: 'input',
        rule: expect.stringMatching(
          /^is \d+ bytes as JSON, over the limit of 1048576 bytes .*once the signers' passwords/,
        ),
      },
    ]);
    const described = await h.client.workflow
      .getHandle(workflowIdForBusinessKey(input.businessKey))
      .describe()
      .catch((err: unknown) => err);
    expect(described).toBeInstanceOf(WorkflowNotFoundError);
  });

  it('an input just under Temporal’s 2 MiB, started past the library, fails at once with a typed failure', async () => {
    const input = inputOfSize(
      JUST_UNDER_TEMPORAL_LIMIT,
      signRequest({ signers: [{ email: 'huge@example.com', password: 'pw' }] }),
    );
    const workflowId = workflowIdForBusinessKey(input.businessKey);
    await h.client.workflow.start(SIGN_REQUEST_WORKFLOW_TYPE, { workflowId, taskQueue: h.taskQueue, args: [input] });

    const failure = (await h.result(workflowId).catch((err: unknown) => err)) as WorkflowFailedError;
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect(failure.cause).toBeInstanceOf(ApplicationFailure);
    expect((failure.cause as ApplicationFailure).type).toBe(ErrorType.InvalidSignRequestInput);
    expect(failure.cause?.message).toContain(`over the limit of ${MAX_INPUT_BYTES} bytes`);
    expect(await failedWorkflowTasks(workflowId)).toBe(0);
    const creates = (await h.control.calls()).filter((c) => c.method === 'POST' && c.external_id === workflowId);
    expect(creates).toEqual([]);
  });
});
