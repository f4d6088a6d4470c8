/** Structured logs (pino). LOG_LEVEL sets the level; every module logs through a named child. */
import pino, { type Logger } from 'pino';

const root = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  base: { service: 'arterial-processor' },
  timestamp: pino.stdTimeFunctions.isoTime,
});

export type { Logger };

export function createLogger(component: string): Logger {
  return root.child({ component });
}
