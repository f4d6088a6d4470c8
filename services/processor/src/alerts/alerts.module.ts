import { Module } from '@nestjs/common';
import { PROCESSOR_CONFIG, type ProcessorConfig } from '../config/processor-config';
import { IngestModule } from '../ingest/ingest.module';
import { EstimationModule } from '../estimation/estimation.module';
import { EstimationService } from '../estimation/estimation.service';
import { NetworkModule } from '../network/network.module';
import { NetworkService } from '../network/network.service';
import { PredictionModule } from '../prediction/prediction.module';
import { PredictionService } from '../prediction/prediction.service';
import type { PlaceNames } from './alert-condition';
import { ALERT_FEED, ALERT_SINK } from './alert-feed';
import { AlertSourcesService, DETECTOR_DIAGNOSIS_FEED, LINK_CONGESTION_FEED, PLACE_NAMES } from './alert-sources.service';
import { AlertService } from './alert.service';
import { ALERTS_OPTIONS, alertsOptions } from './alerts.options';
import { congestionFeed, detectorDiagnosisFeed } from './link-congestion.feed';

function placeNames(network: NetworkService): PlaceNames {
  return (type, id) => (type === 'intersection' ? network.intersection(id)?.properties.name : undefined);
}

/** Needs TIME_SERIES_STORE and CLOCK from global modules. */
@Module({
  imports: [IngestModule, NetworkModule, EstimationModule, PredictionModule],
  providers: [
    AlertService,
    AlertSourcesService,
    { provide: ALERTS_OPTIONS, useFactory: (config: ProcessorConfig) => alertsOptions(config.alerts), inject: [PROCESSOR_CONFIG] },
    { provide: ALERT_FEED, useExisting: AlertService },
    { provide: ALERT_SINK, useExisting: AlertService },
    { provide: PLACE_NAMES, useFactory: placeNames, inject: [NetworkService] },
    // Congestion now from each estimation step, congestion predicted from each prediction step (made on the same steps).
    {
      provide: LINK_CONGESTION_FEED,
      useFactory: (estimation: EstimationService, prediction: PredictionService) => congestionFeed(estimation.updates$, prediction.updates$),
      inject: [EstimationService, PredictionService],
    },
    { provide: DETECTOR_DIAGNOSIS_FEED, useFactory: (estimation: EstimationService) => detectorDiagnosisFeed(estimation.updates$), inject: [EstimationService] },
  ],
  exports: [AlertService, AlertSourcesService, ALERT_FEED, ALERT_SINK],
})
export class AlertsModule {}
