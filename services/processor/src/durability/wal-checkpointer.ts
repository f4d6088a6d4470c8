/**
 * Advances the WAL checkpoint: every `intervalMs` it notes the last record ingest has taken, waits until the store
 * has settled everything written so far (flush: written to InfluxDB, set aside as rejected, or in the fsynced spool),
 * then checkpoints that record, which lets the WAL delete the segments behind it.
 *
 * Ingest handles a delivered message synchronously, store write included, so once `flush()` resolves every record up
 * to the noted LSN has its point settled. The note is only taken while ingest is subscribed: a record delivered to
 * nobody (during shutdown) must stay in the WAL for the next start.
 */
import type { Logger } from '../logging/logger';
import type { InboundWal } from './inbound-wal';

export interface WalCheckpointerOptions {
  wal: InboundWal;
  /** Resolves when every record written before the call is settled in the store. */
  flushStore: () => Promise<void>;
  /** True while ingest is subscribed to the broker stream. */
  ingestRunning: () => boolean;
  intervalMs?: number;
  logger: Logger;
}

export class WalCheckpointer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly options: WalCheckpointerOptions) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.checkpointNow(), this.options.intervalMs ?? 1000);
    this.timer.unref();
  }

  /** One checkpoint step (also what the timer runs); concurrent calls share the step in progress. */
  checkpointNow(): Promise<void> {
    this.running ??= this.step().finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async step(): Promise<void> {
    const { wal } = this.options;
    if (!this.options.ingestRunning()) return;
    const target = wal.deliveredLsn;
    if (target <= wal.checkpointLsn) return;
    try {
      await this.options.flushStore();
      wal.checkpoint(target);
    } catch (error) {
      this.options.logger.error({ err: error instanceof Error ? error.message : String(error), target }, 'WAL checkpoint failed; the log keeps growing until it succeeds');
    }
  }
}
