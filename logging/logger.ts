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

/** One JSON line per entry on stderr, so stdout stays free for program output (CLI results, demo progress). */
export function createJsonLogger(component: string, level: LogLevel = 'info'): Logger {
  const write = (entryLevel: LogLevel) => (message: string, meta?: LogMeta) => {
    if (LEVEL_ORDER[entryLevel] < LEVEL_ORDER[level]) return;
    const entry = { time: new Date().toISOString(), level: entryLevel, component, message, ...meta };
    process.stderr.write(JSON.stringify(entry) + '\n');
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export function parseLogLevel(value: string | undefined, fallback: LogLevel = 'info'): LogLevel {
  return value !== undefined && value in LEVEL_ORDER ? (value as LogLevel) : fallback;
}
