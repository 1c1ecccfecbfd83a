import { redact, redactText } from './redact';

/** The one logger shape used outside workflow code (workflows use `log` from @temporalio/workflow). */
export type LogMeta = Record<string, unknown>;

export interface Logger {
  debug(message: string, meta?: LogMeta): void;
  info(message: string, meta?: LogMeta): void;
  warn(message: string, meta?: LogMeta): void;
  error(message: string, meta?: LogMeta): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Where the JSON lines go; stderr unless a test captures them. */
export type LogSink = (line: string) => void;

const stderrSink: LogSink = (line) => process.stderr.write(line);

/**
 * One JSON line per entry on stderr, so stdout stays free for program output (CLI results, demo progress).
 * Every entry is redacted here (see redact.ts), so no call site can leak a signer secret or a credential.
 */
export function createJsonLogger(component: string, level: LogLevel = 'info', sink: LogSink = stderrSink): Logger {
  const write = (entryLevel: LogLevel) => (message: string, meta?: LogMeta) => {
    if (LEVEL_ORDER[entryLevel] < LEVEL_ORDER[level]) return;
    const fields = meta === undefined ? {} : (redact(meta) as LogMeta);
    const entry = {
      time: new Date().toISOString(),
      level: entryLevel,
      component,
      message: redactText(message),
      ...fields,
    };
    sink(JSON.stringify(entry) + '\n');
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export function parseLogLevel(value: string | undefined, fallback: LogLevel = 'info'): LogLevel {
  return value !== undefined && value in LEVEL_ORDER ? (value as LogLevel) : fallback;
}
