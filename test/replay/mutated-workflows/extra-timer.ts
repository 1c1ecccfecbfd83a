import { sleep } from '@temporalio/workflow';
import type { SignRequestInput } from '../../../contracts';
import type { ContinuedRun } from '../../../workflows/sign-request-workflow';
import { signRequestWorkflow as current } from '../../../workflows/sign-request-workflow';

/** Test-only: the current workflow with a timer inserted before everything else, as a careless change would. */
export async function signRequestWorkflow(input: SignRequestInput, continued?: ContinuedRun) {
  await sleep('1 second');
  return current(input, continued);
}
