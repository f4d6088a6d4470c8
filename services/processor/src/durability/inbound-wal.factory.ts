/**
 * The inbound WAL a configuration asks for (none with WAL_DIR=off). The embedded broker acknowledges after the fsync;
 * an external broker's MQTT client acknowledges after the write (inbound-wal.ts, docs/storage.md), in a folder of
 * its own per client id: the log belongs to that broker session, and instances sharing a WAL_DIR must not share it.
 */
import * as path from 'node:path';
import type { ProcessorConfig } from '../config/processor-config';
import { createLogger } from '../logging/logger';
import { InboundWal } from './inbound-wal';

export function inboundWalFor(config: ProcessorConfig): InboundWal | null {
  if (!config.walDir) return null;
  if (!config.mqttUrl) return new InboundWal({ dir: config.walDir, logger: createLogger('wal') });
  const session = config.mqttClientId.replace(/[^\w.-]/g, '_');
  return new InboundWal({ dir: path.join(config.walDir, `session-${session}`), acknowledge: 'after-write', logger: createLogger('wal') });
}
