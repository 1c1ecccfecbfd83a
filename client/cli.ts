import { parseArgs } from 'node:util';
import { WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { formatResult, formatState } from './cli-format';
import { CliInputError, readSignRequestInput } from './cli-input';
import { ReplayCheckFailedError, runReplayCommand } from './cli-replay';
import type { SteeringCommand } from './cli-steering';
import { ActionRejectedError, STEERING_COMMANDS, runSteeringCommand } from './cli-steering';
import { InvalidSignRequestInputError } from './errors';
import { getSignRequestResult, getSignRequestStatus, startSignRequest } from './sign-requests';
import { connectClient } from './temporal-client';
import { loadTemporalConfig } from '../config/temporal';
import { EncryptionConfigError } from '../encryption/errors';
import { loadPayloadProtection } from '../encryption/key-config';
import { redactText } from '../logging/redact';

const USAGE = `usage: box-sign <command> [options]

  start --input <file|-> [--json] [--password-env <email>=<ENV_VAR>]... [--password-stdin <email>]
        start a sign request (prints the workflow id); the same businessKey twice starts nothing new
  status <workflowId> [--json]    the latest known state
  result <workflowId> [--json]    wait for the outcome
  cancel <workflowId> [--reason <text>]   cancel the Box request; the workflow ends as cancelled
  resend <workflowId>             resend to outstanding signers (Box allows one send per 10 minutes)
  watch <workflowId> [--json]     one line per change until the workflow ends
  list [--status <box status>] [--json]   sign requests from Temporal's visibility, newest first
  replay --query "<visibility query>" [--workflows-path <module>]
        pre-deploy check: replay live histories against local workflow code; exit 1 if any would break

Temporal is found through TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_PROFILE… (Temporal's envconfig);
the task queue through BOX_SIGN_TASK_QUEUE; the payload encryption keys through BOX_SIGN_ENCRYPTION_KEYS or
BOX_SIGN_ENCRYPTION_KEYS_FILE (the worker's keys).`;

const EXIT_FAILURE = 1;
const EXIT_BAD_INPUT = 2;

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      input: { type: 'string' },
      json: { type: 'boolean', default: false },
      'password-env': { type: 'string', multiple: true, default: [] },
      'password-stdin': { type: 'string' },
      reason: { type: 'string' },
      query: { type: 'string' },
      'workflows-path': { type: 'string' },
      status: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, workflowId] = positionals;
  if (values.help || command === undefined) {
    process.stdout.write(`${USAGE}\n`);
    if (command === undefined && !values.help) process.exitCode = EXIT_BAD_INPUT;
    return;
  }
  const print = (value: unknown, human: string) =>
    process.stdout.write(`${values.json ? JSON.stringify(value, null, 2) : human}\n`);

  if (command === 'start') {
    if (values.input === undefined) throw new CliInputError('start needs --input <file|->');
    const input = readSignRequestInput(values.input, {
      passwordEnv: values['password-env'],
      passwordStdin: values['password-stdin'],
    });
    await withClient(async (client, taskQueue) => {
      const started = await startSignRequest(client, input, { taskQueue });
      print(started, started.alreadyStarted ? `${started.workflowId} (already started)` : started.workflowId);
    });
    return;
  }
  if (command === 'replay') {
    if (values.query === undefined) throw new CliInputError('replay needs --query "<visibility query>"');
    const options = { query: values.query, workflowsPath: values['workflows-path'], json: values.json };
    await withClient((client) => runReplayCommand(client, options));
    return;
  }
  if (isSteeringCommand(command)) {
    if (command !== 'list' && workflowId === undefined) throw new CliInputError(`${command} needs a workflow id`);
    const options = { workflowId, reason: values.reason, status: values.status, json: values.json };
    await withClient((client) => runSteeringCommand(command, client, options, print));
    return;
  }
  if (command !== 'status' && command !== 'result') throw new CliInputError(`unknown command "${command}"`);
  if (workflowId === undefined) throw new CliInputError(`${command} needs a workflow id`);
  await withClient(async (client) => {
    if (command === 'status') {
      const state = await getSignRequestStatus(client, workflowId);
      print(state, formatState(state));
    } else {
      const result = await getSignRequestResult(client, workflowId);
      print(result, formatResult(result));
    }
  });
}

async function withClient(
  run: (client: Awaited<ReturnType<typeof connectClient>>['client'], taskQueue: string) => Promise<void>,
): Promise<void> {
  const config = loadTemporalConfig();
  const protection = loadPayloadProtection();
  const connected = await connectClient(config, protection).catch((err: unknown) => {
    const address = config.connection.address ?? 'localhost:7233';
    throw new Error(`cannot reach Temporal at ${address}: ${err instanceof Error ? err.message : String(err)}`);
  });
  try {
    await run(connected.client, connected.config.taskQueue);
  } finally {
    await connected.close();
  }
}

/** Every failure is one line on stderr; bad input exits 2, everything else 1. */
function reportFailure(err: unknown): number {
  if (err instanceof InvalidSignRequestInputError || err instanceof CliInputError) {
    process.stderr.write(`box-sign: ${err.message}\n`);
    return EXIT_BAD_INPUT;
  }
  if (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`box-sign: ${err.message}\n`);
    return EXIT_BAD_INPUT;
  }
  if (err instanceof EncryptionConfigError) {
    process.stderr.write(`box-sign: ${err.problems.join('; ')}\n`);
    return EXIT_BAD_INPUT;
  }
  if (err instanceof WorkflowFailedError) {
    const cause = err.cause;
    const type = cause instanceof ApplicationFailure && cause.type ? `${cause.type}: ` : '';
    process.stderr.write(`box-sign: workflow failed: ${type}${redactText(cause?.message ?? err.message)}\n`);
    return EXIT_FAILURE;
  }
  if (err instanceof ReplayCheckFailedError) {
    process.stderr.write(`box-sign: ${err.message}\n`);
    return EXIT_FAILURE;
  }
  if (err instanceof ActionRejectedError) {
    process.stderr.write(`box-sign: ${redactText(err.message)}\n`);
    return EXIT_FAILURE;
  }
  if (err instanceof WorkflowNotFoundError) {
    process.stderr.write(`box-sign: no such workflow: ${err.workflowId}\n`);
    return EXIT_FAILURE;
  }
  process.stderr.write(
    `box-sign: ${redactText(err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err))}\n`,
  );
  return EXIT_FAILURE;
}

function isSteeringCommand(command: string): command is SteeringCommand {
  return (STEERING_COMMANDS as readonly string[]).includes(command);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.exitCode = reportFailure(err);
});
