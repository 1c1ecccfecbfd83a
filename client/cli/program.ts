import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { oneLineError } from '../../cli/command-line';
import { PROJECT_ROOT } from '../../cli/project-root';
import { registerDeployment } from './commands/deployment';
import { registerDownload } from './commands/download';
import { registerKeygen } from './commands/keygen';
import { registerList } from './commands/list';
import { registerQuotas } from './commands/quotas';
import { registerReplay } from './commands/replay';
import { registerSearchAttributes } from './commands/search-attributes';
import { registerResult } from './commands/result';
import { registerStart } from './commands/start';
import { registerStatus } from './commands/status';
import { registerSteering } from './commands/steer';
import { registerReissue } from './commands/reissue';
import { registerWatch } from './commands/watch';
import type { CliContext, CliIo } from './context';
import { cliContext, processIo } from './context';
import { EXIT_OK } from './errors';
import { reportFailure } from './report-failure';

const ENVIRONMENT = `
Exit codes: 0 ok, 1 failure or refusal, 2 bad input or usage.

Environment:
  TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_PROFILE…  Temporal's envconfig
  BOX_SIGN_TASK_QUEUE                                       the worker's task queue
  BOX_SIGN_DEPLOYMENT_NAME, BOX_SIGN_BUILD_ID               the worker's Worker Deployment version
  BOX_SIGN_ENCRYPTION_KEYS or BOX_SIGN_ENCRYPTION_KEYS_FILE the worker's payload keys; inside the checkout,
                                                            the local stack's .stack/encryption-key otherwise
  BOX_SIGN_SEALING_PUBLIC_KEY                               the workers' public key start seals secrets to;
                                                            inside the checkout, .stack/sealing-public-key otherwise

Examples:
  $ box-sign start --input order-42.json
  $ box-sign start --batch onboarding.jsonl
  $ box-sign status box-sign-order-42
  $ box-sign download box-sign-order-42 --out ./evidence
  $ box-sign quotas apply
  $ box-sign search-attributes apply
  $ box-sign deployment set-current
  $ box-sign help list`;

/** `box-sign`: one commander program, one command per file under commands/. */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('box-sign')
    .description('Start, follow and steer Box Sign requests run by the box-sign-temporal worker.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help (box-sign help <command> for one command)')
    .exitOverride()
    .showSuggestionAfterError(true)
    .allowExcessArguments(false)
    .configureOutput({
      writeOut: (text) => ctx.io.out(text),
      writeErr: (text) => ctx.io.err(text),
      outputError: (text) => ctx.io.err(`box-sign: ${oneLineError(text)}\n`),
    })
    .addHelpText('after', ENVIRONMENT);
  registerStart(program, ctx);
  registerStatus(program, ctx);
  registerResult(program, ctx);
  registerWatch(program, ctx);
  registerDownload(program, ctx);
  registerList(program, ctx);
  registerSteering(program, ctx);
  registerReissue(program, ctx);
  registerReplay(program, ctx);
  registerKeygen(program, ctx);
  registerQuotas(program, ctx);
  registerSearchAttributes(program, ctx);
  registerDeployment(program, ctx);
  return program;
}

/** Runs one command line; resolves with the exit code (never throws). */
export async function runCli(argv: string[], io: CliIo = processIo, ctx: CliContext = cliContext(io)): Promise<number> {
  try {
    await buildProgram(ctx).parseAsync(argv, { from: 'user' });
    return EXIT_OK;
  } catch (err) {
    return reportFailure(err, io);
  }
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}
