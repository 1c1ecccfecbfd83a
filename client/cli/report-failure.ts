import { WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { CommanderError } from 'commander';
import { ConfigError } from '../../config/config-error';
import { DocumentTooLargeError, InvalidDocumentRequestError } from '../../documents/errors';
import { redactText } from '../../logging/redact';
import { InvalidSignRequestInputError, SignRequestAlreadyFinishedError } from '../errors';
import { rootFailure } from '../failure-cause';
import type { CliIo } from './context';
import { CliInputError, CommandFailedError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './errors';
import { failureText } from './format/problem';

/** Every failure is one line on stderr (commander's own were printed by its outputError); the exit code says which kind. */
export function reportFailure(err: unknown, io: CliIo): number {
  if (err instanceof CommanderError) return commanderExitCode(err);
  const say = (line: string) => io.err(`box-sign: ${oneLine(redactText(line))}\n`);
  if (
    err instanceof InvalidSignRequestInputError ||
    err instanceof CliInputError ||
    err instanceof InvalidDocumentRequestError ||
    err instanceof DocumentTooLargeError
  ) {
    say(err.message);
    return EXIT_USAGE;
  }
  if (err instanceof ConfigError) {
    say(err.problems.join('; '));
    return EXIT_USAGE;
  }
  if (err instanceof CommandFailedError) {
    say(err.message);
    return EXIT_FAILURE;
  }
  if (err instanceof SignRequestAlreadyFinishedError) {
    say(`${err.workflowId} already finished (${err.endedAs}): nothing changed`);
    return EXIT_FAILURE;
  }
  if (err instanceof WorkflowFailedError) {
    say(`workflow failed: ${failureText(rootFailure(err))}`);
    return EXIT_FAILURE;
  }
  if (err instanceof WorkflowNotFoundError) {
    say(`no such sign request: ${err.workflowId}`);
    return EXIT_FAILURE;
  }
  say(err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err));
  return EXIT_FAILURE;
}

/** Help and --version end with 0; every other commander error is a usage error. */
function commanderExitCode(err: CommanderError): number {
  if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT_OK;
  if (err.code === 'commander.help') return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  return EXIT_USAGE;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
