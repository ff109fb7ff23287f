import pino from 'pino';

/** The process-wide structured logger. Never log variable payloads or personal data; log ids. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: 'samverkan' },
  redact: { paths: ['*.personnummer', '*.password', 'req.headers.cookie', 'req.headers.authorization'], remove: true },
});
export type Logger = pino.Logger;
