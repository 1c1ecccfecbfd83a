import type { ValidationIssue } from '../contracts/errors';
import { validateSignRequestInput } from '../contracts/validation';

export interface ValidateInputRequest {
  /** The input as the workflow received it (signers' secrets sealed: the rules check their form only). */
  input: unknown;
  /** The workflow's start time (epoch ms): a deadline at or before it has passed. */
  startedAtMs: number;
}

/**
 * The workflow's verdict on its input, as a local activity: the one zod schema runs here, outside the workflow
 * sandbox, and the answer is recorded in history, so a replay reads the recorded verdict and a rule tightened later
 * never changes what a running request was told. Issues name field and rule, never the value.
 */
export function validateInput({ input, startedAtMs }: ValidateInputRequest): Promise<ValidationIssue[]> {
  return Promise.resolve(validateSignRequestInput(input, { now: new Date(startedAtMs) }));
}
