import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import {
  SEALING_ENV,
  SEALING_KEY_ID_RULE,
  generateSealingKeyPairText,
  isValidSealingKeyId,
} from '../../../encryption/sealing-keys';
import type { CliContext } from '../context';
import { jsonOption } from '../options';

interface KeygenOptions {
  id: string;
  json?: boolean;
}

function keyId(raw: string): string {
  if (!isValidSealingKeyId(raw)) throw new InvalidArgumentError(SEALING_KEY_ID_RULE);
  return raw;
}

/** A new sealing key pair: the private entry for the workers, the public one for the starters. Nothing is stored. */
export function registerKeygen(program: Command, ctx: CliContext): void {
  program
    .command('keygen')
    .description("generate a sealing key pair for signers' secrets (no Temporal needed)")
    .requiredOption('--id <key-id>', "the pair's key id, e.g. the date: 2026-12", keyId)
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `
The private entry goes to the workers only; the public one to everything that starts requests (client library,
CLI, HTTP API). To rotate: add the new private entry in front of the workers' old ones and redeploy them, then
give the starters the new public key; keep an old private key until no running request was sealed with it.

Example:
  $ box-sign keygen --id 2026-12`,
    )
    .action((options: KeygenOptions) => {
      const pair = generateSealingKeyPairText(options.id);
      const lines = {
        [SEALING_ENV.privateKeys]: pair.privateEntry,
        [SEALING_ENV.publicKey]: pair.publicEntry,
      };
      const text = [
        `# workers only (keep secret):`,
        `${SEALING_ENV.privateKeys}=${pair.privateEntry}`,
        `# starters (client library, CLI, HTTP API):`,
        `${SEALING_ENV.publicKey}=${pair.publicEntry}`,
      ].join('\n');
      ctx.print(options.json === true, lines, text);
    });
}
