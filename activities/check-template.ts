import { ApplicationFailure } from '@temporalio/common';
import type { CallAs } from '../box/sign-client';
import { isBoxTemplatesApi } from '../box/sign-client';
import type { SignRequestInput } from '../contracts';
import { ErrorType } from '../contracts';
import { withBoxFailures } from './box-failure';
import { whileHeartbeating } from './heartbeating';
import { templateMismatches } from './template-fit';

/**
 * Before a create from a template: one `GET /sign_templates/{id}` as the sender, and a TemplateMismatch (not
 * retryable, nothing created) when the input does not fit it (template-fit.ts). Box's own errors follow the Box
 * retry policy (a 404 for a template the sender cannot see is BoxRequestRejected).
 */
export async function checkTemplate(
  box: unknown,
  input: SignRequestInput,
  as: CallAs | undefined,
  backoffMs: number,
): Promise<void> {
  const templateId = input.templateId;
  if (templateId === undefined) return;
  if (!isBoxTemplatesApi(box)) throw new Error('This worker’s Box client cannot read sign templates');
  const template = await whileHeartbeating(() => withBoxFailures(() => box.getSignTemplate(templateId, as), backoffMs));
  const problems = templateMismatches(input, template);
  if (problems.length === 0) return;
  throw ApplicationFailure.create({
    type: ErrorType.TemplateMismatch,
    message: `The input does not fit Box Sign template ${templateId}: ${problems.join('; ')}`,
    details: [{ templateId, problems }],
    nonRetryable: true,
  });
}
