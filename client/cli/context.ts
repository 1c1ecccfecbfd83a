import type { Client, WorkflowService } from '@temporalio/client';
import { Connection } from '@temporalio/client';
import { loadBoxConfig } from '../../box/config';
import { createBoxSignClient } from '../../box/sign-client';
import type { BoxUploadApi } from '../../box/upload-api';
import { loadAllowedSenders } from '../../config/allowed-senders';
import { loadDocumentMaxBytes } from '../../config/document-limits';
import { SettingsReader } from '../../config/reader';
import type { TemporalConfig } from '../../config/temporal';
import { loadTemporalConfig } from '../../config/temporal';
import type { PayloadProtection } from '../../encryption/key-config';
import type { SecretSealing } from '../../encryption/sealing-keys';
import { connectClient } from '../temporal-client';
import { cliPayloadProtection, cliSecretSealing } from './local-stack-key';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** stderr when it is a terminal: a progress bar may draw on it (plain lines otherwise). */
  terminal?: NodeJS.WriteStream;
}

export interface Connected {
  client: Client;
  taskQueue: string;
  protection: PayloadProtection;
}

/** Temporal without a data converter, for commands that read or write no payloads (quotas). */
export interface ServiceConnected {
  service: WorkflowService;
  namespace: string;
  taskQueue: string;
}

/** What a command needs besides its arguments: output, and a Temporal client for as long as it runs. */
export interface CliContext {
  io: CliIo;
  /** `value` as JSON with --json, else the text. */
  print(json: boolean, value: unknown, text: string): void;
  /** One line on stderr, `box-sign: …`. */
  note(line: string): void;
  connect<T>(run: (connected: Connected) => Promise<T>): Promise<T>;
  /** Temporal's WorkflowService only: no payload keys needed. */
  connectService<T>(run: (connected: ServiceConnected) => Promise<T>): Promise<T>;
  /** The environment's settings, read as the CLI process reads them. */
  settings(): SettingsReader;
  /** The workers' public key the signers' secrets are sealed to (start only: the other commands never need it). */
  sealing(): SecretSealing;
  /** Where `start --file` uploads: Box (the BOX_* settings), the senders it may name and the size limit. */
  documentUploads(): DocumentUploads;
}

export interface DocumentUploads {
  box: BoxUploadApi;
  allowedSenders: readonly string[];
  maxBytes: number;
}

export function cliContext(io: CliIo, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): CliContext {
  const note = (line: string) => io.err(`box-sign: ${line}\n`);
  return {
    io,
    note,
    print: (json, value, text) => io.out(`${json ? JSON.stringify(value, null, 2) : text}\n`),
    sealing: () => cliSecretSealing(env, cwd, note),
    documentUploads: () => ({
      box: createBoxSignClient(loadBoxConfig(env)),
      allowedSenders: loadAllowedSenders(env),
      maxBytes: loadDocumentMaxBytes(env),
    }),
    settings: () => new SettingsReader(env, 'cli'),
    async connect(run) {
      const config = loadTemporalConfig(env);
      const protection = cliPayloadProtection(env, cwd, note);
      const connected = await connectClient(config, protection).catch(unreachable(config));
      try {
        return await run({ client: connected.client, taskQueue: connected.config.taskQueue, protection });
      } finally {
        await connected.close();
      }
    },
    async connectService(run) {
      const config = loadTemporalConfig(env);
      const connection = await Connection.connect(config.connection).catch(unreachable(config));
      try {
        return await run({
          service: connection.workflowService,
          namespace: config.namespace,
          taskQueue: config.taskQueue,
        });
      } finally {
        await connection.close();
      }
    },
  };
}

function unreachable(config: TemporalConfig) {
  return (err: unknown): never => {
    const address = config.connection.address ?? 'localhost:7233';
    throw new Error(`cannot reach Temporal at ${address}: ${err instanceof Error ? err.message : String(err)}`);
  };
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  get terminal() {
    return process.stderr.isTTY ? process.stderr : undefined;
  },
};
