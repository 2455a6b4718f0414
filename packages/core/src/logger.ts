import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Secrets are redacted by path as a second line of
 * defence; the first is never putting them (or user content) in a log call.
 */
export function createLogger(name: string, level = 'info'): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: ['authorization', 'headers.authorization', 'key', 'secret', 'token', 'text', 'input'],
      censor: '[redacted]',
    },
  });
}
