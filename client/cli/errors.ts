/** A usage or input-file problem: the CLI prints it in one line and exits 2. */
export class CliInputError extends Error {
  override readonly name = 'CliInputError';
}

/** The command ran and the answer is a failure or a refusal (already printed where it belongs): exit 1, one line. */
export class CommandFailedError extends Error {
  override readonly name = 'CommandFailedError';
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
