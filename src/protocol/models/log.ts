/** The LOG message (AirbyteLogMessage of the Airbyte protocol). */
import { z } from 'zod';

export const LogLevel = z.enum(['FATAL', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE']);

export const LogMessage = z.looseObject({
  type: z.literal('LOG'),
  log: z.looseObject({ level: LogLevel, message: z.string(), stack_trace: z.string().optional() }),
});
