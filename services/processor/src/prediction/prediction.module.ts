import { Module } from '@nestjs/common';
import { EstimationModule } from '../estimation/estimation.module';
import { NetworkModule } from '../network/network.module';
import { DEFAULT_PREDICTION_OPTIONS, PREDICTION_OPTIONS, PredictionService } from './prediction.service';

/** Needs TIME_SERIES_STORE from the global storage module. */
@Module({
  imports: [EstimationModule, NetworkModule],
  providers: [PredictionService, { provide: PREDICTION_OPTIONS, useValue: DEFAULT_PREDICTION_OPTIONS }],
  exports: [PredictionService],
})
export class PredictionModule {}
