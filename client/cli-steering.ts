import type { Client } from '@temporalio/client';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { SignRequestState } from '../contracts';
import { formatResult, formatSigner } from './cli-format';
import { getSignRequestResult, getSignRequestStatus } from './sign-requests';
import { cancelSignRequest, listSignRequests, resendSignRequest, watchSignRequest } from './steering';

/** The CLI commands that act on or follow running requests: cancel, resend, watch, list. */
export const STEERING_COMMANDS = ['cancel', 'resend', 'watch', 'list'] as const;
export type SteeringCommand = (typeof STEERING_COMMANDS)[number];

export interface SteeringOptions {
  workflowId?: string;
  reason?: string;
  status?: string;
  json: boolean;
}

/** An update Box or the workflow refused: one line, exit 1, nothing changed. */
export class ActionRejectedError extends Error {
  override readonly name = 'ActionRejectedError';
}

type Print = (value: unknown, human: string) => void;

export async function runSteeringCommand(
  command: SteeringCommand,
  client: Client,
  options: SteeringOptions,
  print: Print,
): Promise<void> {
  if (command === 'list') {
    const rows = await listSignRequests(client, { boxStatus: options.status });
    const lines = rows.map(
      (r) =>
        `${r.workflowId.padEnd(40)} ${r.executionStatus.padEnd(10)} ${(r.boxStatus ?? '-').padEnd(11)} ${r.startTime.toISOString()}`,
    );
    print(rows, lines.length > 0 ? lines.join('\n') : 'no sign requests found');
    return;
  }
  const workflowId = options.workflowId as string;
  if (command === 'watch') return watch(client, workflowId, options.json);
  try {
    if (command === 'cancel') {
      const result = await cancelSignRequest(client, workflowId, options.reason);
      print(result, `cancelled: Box request ${result.signRequestId} is ${result.status}`);
    } else {
      const result = await resendSignRequest(client, workflowId);
      print(result, `resent (${result.resendsDone} so far); next resend possible at ${result.nextAllowedAt}`);
    }
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) {
      throw new ActionRejectedError(`${command} rejected: ${err.cause?.message ?? err.message}`);
    }
    throw err;
  }
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** One line per change until the workflow closes; a spinner on stderr in between when it is a terminal. */
async function watch(client: Client, workflowId: string, json: boolean): Promise<void> {
  const spin = process.stderr.isTTY && !json;
  let frame = 0;
  const clearSpinner = () => spin && process.stderr.write('\r\x1b[K');
  for await (const event of watchSignRequest(client, workflowId, (id) => getSignRequestStatus(client, id))) {
    if (event.kind === 'waiting') {
      if (spin) process.stderr.write(`\r${SPINNER[frame++ % SPINNER.length]} ${waitingLine(event.state)}`);
      continue;
    }
    clearSpinner();
    if (event.kind === 'state') {
      process.stdout.write(`${json ? JSON.stringify(event.state) : changeLine(event.state)}\n`);
    } else if (event.executionStatus === 'COMPLETED') {
      const result = await getSignRequestResult(client, workflowId);
      process.stdout.write(`${json ? JSON.stringify(result) : formatResult(result)}\n`);
    } else {
      process.stdout.write(
        `${json ? JSON.stringify({ closed: event.executionStatus }) : `workflow ${event.executionStatus.toLowerCase()}`}\n`,
      );
    }
  }
}

function changeLine(state: SignRequestState): string {
  const signers = state.signers
    .filter((s) => s.role !== 'final_copy_reader')
    .map(formatSigner)
    .join('; ');
  return `${new Date().toISOString()} ${state.boxStatus ?? state.phase}${signers ? ` — ${signers}` : ''}`;
}

function waitingLine(state: SignRequestState): string {
  return `waiting: ${state.boxStatus ?? state.phase}, ${state.polls} checks, next ${state.nextCheckAt ?? 'soon'}`;
}
