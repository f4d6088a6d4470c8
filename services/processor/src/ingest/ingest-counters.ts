/** Ingest counters exposed by /api/health and the live feed. */
import { Injectable } from '@nestjs/common';
import type { RejectReason } from '@arterial/contracts/mqtt/v1';
import type { IngestCounters } from '@arterial/contracts/live/v1';

@Injectable()
export class IngestCountersService {
  accepted = 0;
  rejected = 0;
  duplicates = 0;
  /** Downstream failures (state, storage enqueue) caught so the stream keeps flowing. */
  errors = 0;
  readonly rejectedByReason: Partial<Record<RejectReason, number>> = {};

  countRejected(reason: RejectReason): void {
    this.rejected += 1;
    this.rejectedByReason[reason] = (this.rejectedByReason[reason] ?? 0) + 1;
  }

  snapshot(): IngestCounters {
    return { accepted: this.accepted, rejected: this.rejected, duplicates: this.duplicates };
  }
}
