import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadBoxConfig } from '../../../box/config';
import { createBoxSignClient } from '../../../box/sign-client';
import { recordedState } from '../../recorded-state';
import { downloadDocuments } from '../../document-download';
import type { CliContext } from '../context';
import { CommandFailedError } from '../errors';
import { localStackKeyFile } from '../local-stack-key';
import { jsonOption } from '../options';

export function registerDownload(program: Command, ctx: CliContext): void {
  program
    .command('download')
    .description("download a finished request's documents from Box and verify each one's SHA-256")
    .argument('<workflowId>', 'box-sign-<businessKey>, as start printed it')
    .option('--out <dir>', 'where to write them', '.')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `
Streams each document the request recorded (signed copies, the signing log, signers' attachments) from
Box as the request's sender, with the worker's Box settings (BOX_*; inside the checkout, the local
stack's emulator when none is set), and compares its SHA-256 with the one recorded when the request
ended. A mismatch is kept as <name>.mismatch and exits 1.

Examples:
  $ box-sign download box-sign-order-42 --out ./evidence`,
    )
    .action(async (workflowId: string, options: { out: string; json?: boolean }) => {
      const json = options.json === true;
      const files = createBoxSignClient(loadBoxConfig(boxEnv(ctx)));
      await ctx.connect(async ({ client }) => {
        const state = await recordedState(client, workflowId);
        const documents = state.result?.documents ?? [];
        if (documents.length === 0) {
          const why = state.evidence?.reason ?? (state.result ? 'none recorded' : 'the request has not ended');
          throw new CommandFailedError(`no documents to download: ${why}`);
        }
        const downloaded = await downloadDocuments(files, documents, resolve(options.out), state.sender ?? null);
        const lines = downloaded.map(
          (d) =>
            `${d.verified ? 'ok      ' : 'MISMATCH'} ${d.document.kind.padEnd(10)} ${d.path}  ${d.size} bytes  ` +
            `sha256 ${d.sha256}${d.verified ? '' : ` (recorded ${d.document.sha256})`}`,
        );
        const bad = downloaded.filter((d) => !d.verified).length;
        const summary =
          bad === 0
            ? `all ${downloaded.length} documents verified: SHA-256 equals the one recorded when the request ended`
            : `${bad} of ${downloaded.length} documents do not match their recorded SHA-256`;
        ctx.print(json, { documents: downloaded, verified: bad === 0 }, [...lines, summary].join('\n'));
        if (bad > 0) throw new CommandFailedError(summary);
      });
    });
}

/** The environment's Box settings; none set, inside the checkout with a local stack running: its emulator's. */
function boxEnv(ctx: CliContext): NodeJS.ProcessEnv {
  const env = process.env;
  if (env.BOX_API_BASE_URL !== undefined || env.BOX_DEVELOPER_TOKEN !== undefined || env.BOX_CLIENT_ID !== undefined) {
    return env;
  }
  // Written by `npm run stack:up` (scripts/stack/emulator.ts) once its emulator is up.
  const stackBoxFile = localStackKeyFile(env, 'box-env.json');
  if (!existsSync(stackBoxFile)) return env;
  ctx.note("no BOX_* settings: using the local stack's emulator");
  return { ...env, ...(JSON.parse(readFileSync(stackBoxFile, 'utf8')) as Record<string, string>) };
}
