import { patched, sleep } from '@temporalio/workflow';
import type { SignRequestInput } from '../../../contracts';
import type { ContinuedRun } from '../../../workflows/sign-request-workflow';
import { signRequestWorkflow as current } from '../../../workflows/sign-request-workflow';

/** Test-only: the same inserted timer behind patched(), the way a behaviour change must ship. */
export async function signRequestWorkflow(input: SignRequestInput, continued?: ContinuedRun) {
  if (patched('replay-guard-extra-timer')) await sleep('1 second');
  return current(input, continued);
}
