import type { Client } from '@temporalio/client';
import type { Command } from 'commander';
import type { SignRequestState } from '../../../contracts';
import { redactText } from '../../../logging/redact';
import { rootFailure } from '../../failure-cause';
import { getSignRequestResult, getSignRequestStatus } from '../../sign-requests';
import { watchSignRequest } from '../../steering';
import type { CliContext } from '../context';
import { CommandFailedError } from '../errors';
import { failureText, retryingText } from '../format/problem';
import { formatResult } from '../format/result';
import { actingSigners, formatSigner } from '../format/signers';
import { jsonOption } from '../options';
import { WORKFLOW_ID_ARGUMENT, resolveWorkflowId } from '../workflow-id';

export function registerWatch(program: Command, ctx: CliContext): void {
  program
    .command('watch')
    .description('one line per change (a new Box status, a signer acting, a new retry problem) until it ends')
    .argument(...WORKFLOW_ID_ARGUMENT)
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `
Ends with the outcome (exit 0), or the failure (exit 1).

Examples:
  $ box-sign watch box-sign-order-42
  $ box-sign watch box-sign-order-42 --json`,
    )
    .action(async (given: string, options: { json?: boolean }) => {
      await ctx.connect(async ({ client }) =>
        watch(ctx, client, await resolveWorkflowId(client, given), options.json === true),
      );
    });
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** One line per change until the workflow closes; a spinner on stderr in between when it is a terminal. */
async function watch(ctx: CliContext, client: Client, workflowId: string, json: boolean): Promise<void> {
  const spin = process.stderr.isTTY && !json;
  let frame = 0;
  const clearSpinner = () => spin && ctx.io.err('\r\x1b[K');
  const line = (value: unknown, text: string) => ctx.io.out(`${json ? JSON.stringify(value) : text}\n`);
  for await (const event of watchSignRequest(client, workflowId, (id) => getSignRequestStatus(client, id))) {
    if (event.kind === 'waiting') {
      if (spin) ctx.io.err(`\r${SPINNER[frame++ % SPINNER.length]} ${waitingLine(event.state)}`);
      continue;
    }
    clearSpinner();
    if (event.kind === 'state') {
      line(event.state, changeLine(event.state));
    } else if (event.executionStatus === 'COMPLETED') {
      const result = await getSignRequestResult(client, workflowId);
      line(result, formatResult(result));
    } else {
      const cause = await getSignRequestResult(client, workflowId).then(() => null, rootFailure);
      const failure = cause && { type: cause.type, message: redactText(cause.message) };
      line({ closed: event.executionStatus, failure }, `workflow ${event.executionStatus.toLowerCase()}`);
      throw new CommandFailedError(
        `workflow ${event.executionStatus.toLowerCase()}${failure ? `: ${failureText(failure)}` : ''}`,
      );
    }
  }
}

function changeLine(state: SignRequestState): string {
  const finished = state.phase === 'completed' || state.phase === 'failed';
  const signers = actingSigners(state.signers)
    .map((s) => formatSigner(s, finished))
    .join('; ');
  const problem = state.retrying ? ` — ${retryingText(state.retrying)}` : '';
  return `${new Date().toISOString()} ${state.boxStatus ?? state.phase}${signers ? ` — ${signers}` : ''}${problem}`;
}

function waitingLine(state: SignRequestState): string {
  return `waiting: ${state.boxStatus ?? state.phase}, ${state.polls} checks, next ${state.nextCheckAt ?? 'soon'}`;
}
