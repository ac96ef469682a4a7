import type { LoggerService } from '@nestjs/common';
import { logLevel as KafkaLogLevel, type logCreator } from 'kafkajs';
import pino, { type Logger } from 'pino';

export type { Logger };

/** One JSON line per entry on stdout; `service` on every line so aggregated logs stay attributable. */
export function createLogger(service: string, level = 'info'): Logger {
  return pino({
    level,
    base: { service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}

/** Nest's own messages (module init, route mapping) through the same pino logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}

/** kafkajs logs through pino instead of the console; retriable broker errors become warnings. */
export function kafkaLogCreator(logger: Logger): logCreator {
  return () =>
    ({ level, log }) => {
      const { message, ...extra } = log;
      const entry = { component: 'kafkajs', ...extra };
      if (level === KafkaLogLevel.ERROR) {
        if ((extra as { retriable?: boolean }).retriable) logger.warn(entry, message);
        else logger.error(entry, message);
      } else if (level === KafkaLogLevel.WARN) logger.warn(entry, message);
      else if (level === KafkaLogLevel.INFO) logger.debug(entry, message);
      else logger.trace(entry, message);
    };
}
