import { WorkflowFailedError } from '@temporalio/client';
import type { Command } from 'commander';
import { redactText } from '../../../logging/redact';
import { rootFailure } from '../../failure-cause';
import { getSignRequestResult } from '../../sign-requests';
import type { CliContext } from '../context';
import { CommandFailedError } from '../errors';
import { failureText } from '../format/problem';
import { formatResult } from '../format/result';
import { jsonOption } from '../options';
import { noticeRetryingCreate } from '../retrying-notice';
import { WORKFLOW_ID_ARGUMENT, resolveWorkflowId } from '../workflow-id';

export function registerResult(program: Command, ctx: CliContext): void {
  program
    .command('result')
    .description('wait for the outcome (signed, declined, expired, cancelled); a failed request exits 1 with why')
    .argument(...WORKFLOW_ID_ARGUMENT)
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `
A failed request prints one line, "<FailureType>: <message>", and exits 1; with --json also
{ "state": "failed", "failure": { "type", "message" } } on stdout.

Examples:
  $ box-sign result box-sign-order-42
  $ box-sign result box-sign-order-42 --json`,
    )
    .action(async (given: string, options: { json?: boolean }) => {
      const json = options.json === true;
      await ctx.connect(async ({ client }) => {
        const workflowId = await resolveWorkflowId(client, given);
        const stopNotice = noticeRetryingCreate(client, workflowId, (line) => ctx.note(line));
        try {
          const result = await getSignRequestResult(client, workflowId);
          ctx.print(json, result, formatResult(result));
        } catch (err) {
          if (!(err instanceof WorkflowFailedError)) throw err;
          const cause = rootFailure(err);
          const failure = { type: cause.type, message: redactText(cause.message) };
          if (json) ctx.print(true, { state: 'failed', failure }, '');
          throw new CommandFailedError(`workflow failed: ${failureText(failure)}`);
        } finally {
          stopNotice();
        }
      });
    });
}
