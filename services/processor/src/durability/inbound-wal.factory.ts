/** The inbound WAL a configuration asks for: only the embedded broker has one (it alone sends the devices' PUBACKs). */
import type { ProcessorConfig } from '../config/processor-config';
import { createLogger } from '../logging/logger';
import { InboundWal } from './inbound-wal';

export function inboundWalFor(config: ProcessorConfig): InboundWal | null {
  if (config.mqttUrl || !config.walDir) return null;
  return new InboundWal({ dir: config.walDir, logger: createLogger('wal') });
}
