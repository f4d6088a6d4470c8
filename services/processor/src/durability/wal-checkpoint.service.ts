/** Runs the WAL checkpointer while the application runs; nothing to do without a WAL (WAL_DIR=off, in-memory broker). */
import { Inject, Injectable, Optional, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { IngestService } from '../ingest/ingest.service';
import { createLogger } from '../logging/logger';
import { TIME_SERIES_STORE, type TimeSeriesStore } from '../storage/time-series-store';
import type { InboundWal, WalStats } from './inbound-wal';
import { INBOUND_WAL } from './inbound-wal.token';
import { WalCheckpointer } from './wal-checkpointer';

@Injectable()
export class WalCheckpointService implements OnModuleInit, OnModuleDestroy {
  private checkpointer: WalCheckpointer | undefined;

  constructor(
    @Inject(TIME_SERIES_STORE) private readonly store: TimeSeriesStore,
    private readonly ingest: IngestService,
    @Optional() @Inject(INBOUND_WAL) private readonly wal: InboundWal | null = null,
  ) {}

  onModuleInit(): void {
    const { wal, store, ingest } = this;
    if (!wal) return;
    this.checkpointer = new WalCheckpointer({ wal, flushStore: () => store.flush(), ingestRunning: () => ingest.running(), logger: createLogger('wal') });
    this.checkpointer.start();
  }

  /** WAL depth for metrics; undefined without a WAL. */
  stats(): WalStats | undefined {
    return this.wal?.stats();
  }

  async onModuleDestroy(): Promise<void> {
    await this.checkpointer?.stop();
  }
}
