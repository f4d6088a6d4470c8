import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { StateModule } from '../state/state.module';
import { LiveSnapshotService } from './live-snapshot.service';

/**
 * Durability beyond the WAL itself (which the broker module provides as INBOUND_WAL, and IngestModule checkpoints):
 * the live-state snapshot restored at start. Needs CLOCK from a global module.
 */
@Module({ imports: [StateModule, AlertsModule], providers: [LiveSnapshotService], exports: [LiveSnapshotService] })
export class DurabilityModule {}
