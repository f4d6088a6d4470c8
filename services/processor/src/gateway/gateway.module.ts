import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { ControlModule } from '../control/control.module';
import { EstimationModule } from '../estimation/estimation.module';
import { IngestModule } from '../ingest/ingest.module';
import { PredictionModule } from '../prediction/prediction.module';
import { StateModule } from '../state/state.module';
import { DEFAULT_LIVE_FEED_OPTIONS, LIVE_FEED_OPTIONS, LiveFeedService } from './live-feed.service';

@Module({
  // AlertsModule provides ALERT_FEED; without it the feed runs without alerts.
  // ControlModule provides CONTROL_FEED (control audit events and overrides).
  imports: [StateModule, IngestModule, AlertsModule, EstimationModule, PredictionModule, ControlModule],
  providers: [LiveFeedService, { provide: LIVE_FEED_OPTIONS, useValue: DEFAULT_LIVE_FEED_OPTIONS }],
  exports: [LiveFeedService],
})
export class GatewayModule {}
