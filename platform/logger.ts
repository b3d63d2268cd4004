import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Personal values and secrets never reach a log line. These paths are censored wherever they appear;
 * code must still never log values it decrypted, this list is the safety net.
 */
export const REDACTED_PATHS = [
  'name', '*.name', 'phone', '*.phone', 'dateOfBirth', '*.dateOfBirth', 'homeAddress', '*.homeAddress',
  'embedding', '*.embedding', 'token', '*.token', 'key', '*.key', 'apiKey', '*.apiKey',
  'authorization', '*.authorization', 'headers.authorization', 'req.headers.authorization',
  'req.headers["x-citygraph-principal"]', 'headers["x-citygraph-principal"]', 'variables', '*.variables',
  'password', '*.password', 'secret', '*.secret', 'plaintext', '*.plaintext', 'pin', '*.pin',
];

export function createLogger(options: { service: string; level: string }): Logger {
  return pino({
    name: options.service,
    level: options.level,
    base: { service: options.service },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
