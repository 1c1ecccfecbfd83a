/** What the emulator logs through; any object of this shape will do (the product passes its own logger). */
export type LogMeta = Record<string, unknown>;

export interface Logger {
  debug(message: string, meta?: LogMeta): void;
  info(message: string, meta?: LogMeta): void;
  warn(message: string, meta?: LogMeta): void;
  error(message: string, meta?: LogMeta): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** One JSON line per entry on stderr, at `level` and above. The emulator holds only test data, so nothing is redacted. */
export function createJsonLogger(level: LogLevel = 'info'): Logger {
  const write = (entryLevel: LogLevel) => (message: string, meta?: LogMeta) => {
    if (LOG_LEVELS.indexOf(entryLevel) < LOG_LEVELS.indexOf(level)) return;
    const entry = { time: new Date().toISOString(), level: entryLevel, component: 'emulator', message, ...meta };
    process.stderr.write(JSON.stringify(entry) + '\n');
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
