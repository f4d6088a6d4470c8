/** Structured logs (pino). LOG_LEVEL sets the level; silent under jest unless asked. */
import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(component = 'traffic-sim'): Logger {
  return pino({
    level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
    base: { service: 'arterial-traffic-sim', component },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
