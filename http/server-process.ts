import { redactText } from '../logging/redact';

/**
 * The life of a server process (the API, the webhook receiver): stop cleanly on SIGINT/SIGTERM, and at start-up
 * exit 2 with the whole message on a configuration problem, 1 with one redacted line on anything else.
 */
export function stopOnSignals(stop: () => Promise<void>): void {
  const shutdown = () => {
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

export function exitOnStartupFailure(
  name: string,
  isConfigError: (err: unknown) => boolean,
  portVariable: string,
): (err: unknown) => never {
  return (err) => {
    if (isConfigError(err)) {
      process.stderr.write(`${(err as Error).message}\n`);
      process.exit(2);
    }
    const code = (err as NodeJS.ErrnoException).code;
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(
      code === 'EADDRINUSE'
        ? `${name}: the port is already in use; stop the other process or set ${portVariable}\n`
        : `${name} failed: ${redactText(detail)}\n`,
    );
    process.exit(1);
  };
}
