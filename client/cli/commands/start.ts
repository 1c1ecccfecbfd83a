import { Option } from 'commander';
import type { Command } from 'commander';
import { DEFAULT_BULK_CONCURRENCY } from '../../bulk-start';
import { startSignRequest } from '../../sign-requests';
import type { CliContext } from '../context';
import { CliInputError } from '../errors';
import { readSignRequestInput } from '../input';
import { jsonOption, positiveWholeNumber } from '../options';
import { withUploadedFiles } from '../upload-files';
import { startBatch } from './start-batch';

interface StartOptions {
  input?: string;
  batch?: string;
  concurrency?: number;
  passwordEnv: string[];
  passwordStdin?: string;
  file: string[];
  json?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerStart(program: Command, ctx: CliContext): void {
  program
    .command('start')
    .description('start a sign request and print its workflow id; the same businessKey twice starts nothing new')
    .addOption(
      new Option('--input <file|->', 'the request as JSON (contracts/sign-request-input), - for stdin').conflicts(
        'batch',
      ),
    )
    .addOption(
      new Option('--batch <file.jsonl|->', 'many requests, one JSON input per line (blank lines skipped)').conflicts([
        'passwordEnv',
        'passwordStdin',
      ]),
    )
    .addOption(
      new Option('--concurrency <n>', `with --batch: starts in flight at once (default ${DEFAULT_BULK_CONCURRENCY})`)
        .argParser(positiveWholeNumber)
        .conflicts('input'),
    )
    .option('--password-env <email=ENV_VAR>', "take that signer's password from an environment variable", collect, [])
    .option('--password-stdin <email>', "read that signer's password from the first line of stdin")
    .addOption(
      new Option(
        '--file <document>',
        "with --input: upload this document (repeatable) to the input's parentFolder as its sender; its Box id becomes sourceFiles",
      )
        .argParser(collect)
        .default([])
        .conflicts('batch'),
    )
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `
Passwords never go on the command line: --password-env (repeatable) or --password-stdin (with --input).

--batch starts every line like --input, in order, a few at once; a progress bar on a terminal, plain lines
on stderr otherwise; then the lines not started (invalid: field and rule; failed: why) and a summary.
Safe to run again after an interruption: what is already started is reported so and not started again.
Exit codes with --batch: 0 every line started or already started, 2 a line is invalid (fix it and run again;
2 also when other lines failed), 1 a start failed for another reason (run again).

Examples:
  $ box-sign start --input order-42.json
  $ SIGNER_PW=… box-sign start --input order-42.json --password-env ann@example.com=SIGNER_PW
  $ cat order-42.json | box-sign start --input - --json
  $ box-sign start --input order-42.json --file contract.pdf --file annex.pdf
  $ box-sign start --batch onboarding.jsonl --concurrency 16`,
    )
    .action(async (options: StartOptions) => {
      if (options.batch !== undefined) {
        await startBatch(ctx, options.batch, { concurrency: options.concurrency, json: options.json === true });
        return;
      }
      if (options.input === undefined)
        throw new CliInputError('start needs --input <file|-> or --batch <file.jsonl|->');
      const read = readSignRequestInput(options.input, {
        passwordEnv: options.passwordEnv,
        passwordStdin: options.passwordStdin,
      });
      const sealing = ctx.sealing();
      const input = options.file.length === 0 ? read : await withUploadedFiles(ctx, read, options.file);
      await ctx.connect(async ({ client, taskQueue }) => {
        const started = await startSignRequest(client, input, { taskQueue, sealing });
        const text = started.alreadyStarted ? `${started.workflowId} (already started)` : started.workflowId;
        ctx.print(options.json === true, started, text);
      });
    });
}
