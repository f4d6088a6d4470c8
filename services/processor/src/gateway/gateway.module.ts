import { Module } from '@nestjs/common';
import { IngestModule } from '../ingest/ingest.module';
import { StateModule } from '../state/state.module';
import { DEFAULT_LIVE_FEED_OPTIONS, LIVE_FEED_OPTIONS, LiveFeedService } from './live-feed.service';

@Module({
  imports: [StateModule, IngestModule],
  providers: [LiveFeedService, { provide: LIVE_FEED_OPTIONS, useValue: DEFAULT_LIVE_FEED_OPTIONS }],
  exports: [LiveFeedService],
})
export class GatewayModule {}
