import { loadBoxConfig } from '../box/config';
import { ConfigError } from '../config/config-error';
import { createBoxSignClient } from '../box/sign-client';
import { redactText } from '../logging/redact';
import { parseArguments, strictProgram } from '../cli/command-line';
import { DEFAULT_TRIGGERS, registerOptionProblems, registerWebhook } from './register';

interface RegisterArguments {
  folder?: string;
  address?: string;
  triggers?: string;
  json?: boolean;
}

/**
 * `npm run webhooks:register -- --folder … --address …`: creates the Box webhook that tells the receiver about
 * the sign requests filed in a folder (their parent_folder). Exit 0 created, 1 Box refused or already exists,
 * 2 bad arguments or configuration.
 */
async function main(argv: string[]): Promise<number> {
  let values: RegisterArguments | undefined;
  const program = strictProgram('box-sign-webhook-register')
    .description('Create the Box webhook that tells the receiver about the sign requests filed in a folder.')
    .option('--folder <folder id>', 'the Box folder the sign requests are filed in (their parent_folder)')
    .option('--address <url>', 'https://<public host>/webhooks/box: where Box delivers')
    .option('--triggers <list>', `comma-separated Sign triggers (default ${DEFAULT_TRIGGERS.join(',')})`)
    .option('--json', 'print the created webhook as JSON')
    .addHelpText(
      'after',
      '\nBox credentials come from the same variables as the worker (BOX_CLIENT_ID… or BOX_DEVELOPER_TOKEN, BOX_AS_USER_ID).',
    )
    .action((options: RegisterArguments) => {
      values = options;
    });
  const exitCode = parseArguments(program, argv);
  if (exitCode !== undefined) return exitCode;
  return values === undefined ? 2 : register(values);
}

async function register(values: RegisterArguments): Promise<number> {
  const triggers = values.triggers
    ?.split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '') ?? [...DEFAULT_TRIGGERS];
  const options = { folderId: values.folder, address: values.address, triggers };
  const problems = registerOptionProblems(options);
  let box;
  try {
    box = createBoxSignClient(loadBoxConfig());
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...err.problems);
  }
  if (problems.length > 0 || box === undefined || options.folderId === undefined || options.address === undefined) {
    process.stderr.write(`Cannot register the webhook:\n${problems.map((p) => `- ${p}`).join('\n')}\n`);
    return 2;
  }
  const outcome = await registerWebhook(
    box,
    { folderId: options.folderId, address: options.address, triggers },
    (line) => process.stderr.write(`${line}\n`),
  );
  if (outcome.kind === 'exists') {
    const which = outcome.webhookId === null ? '' : ` (webhook ${outcome.webhookId})`;
    process.stderr.write(
      `Folder ${options.folderId} already has a webhook of this app and user${which}: Box allows one per item; ` +
        'change its address or triggers with PUT /2.0/webhooks/{id}, or delete it first.\n',
    );
    return 1;
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify(outcome.webhook)}\n`);
  } else {
    process.stdout.write(
      `Created webhook ${outcome.webhook.id} on folder ${options.folderId} → ${options.address}\n` +
        `  triggers: ${outcome.triggers.join(', ')}\n` +
        '  next: give the receiver the signature keys (Developer Console → Webhooks → Manage signature keys)\n',
    );
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(
      `Cannot register the webhook: ${redactText(err instanceof Error ? err.message : String(err))}\n`,
    );
    process.exitCode = 1;
  },
);
