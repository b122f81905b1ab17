/**
 * Logs are AirbyteMessages of type LOG on stdout. Messages name streams, line numbers, fields
 * and reasons, never record values or secrets: callers pass only such text.
 */
import { logMessage, type LogLevel } from '../protocol/output-messages.js';
import type { MessageWriter } from './writer.js';

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function createLogger(writer: MessageWriter, options: { debug?: boolean } = {}): Logger {
  const emit = (level: LogLevel) => (message: string) => {
    writer.write(logMessage(level, message));
  };
  return {
    debug: options.debug ? emit('DEBUG') : () => {},
    info: emit('INFO'),
    warn: emit('WARN'),
    error: emit('ERROR'),
  };
}
