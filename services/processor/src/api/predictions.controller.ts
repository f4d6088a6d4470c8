import { Controller, Get, NotFoundException } from '@nestjs/common';
import { API_ROUTES, type DetectorParams, type DetectorPredictionAnswer, type LinkParams, type LinkPredictionAnswer } from '@arterial/contracts/api/v1';
import { PredictionService } from '../prediction/prediction.service';
import { ValidParams } from './contract.pipe';

const detectorRoute = API_ROUTES.getDetectorPrediction;
const linkRoute = API_ROUTES.getLinkPrediction;

/** The latest forecasts of a detector or a link; `forecasts: null` until the first prediction step. */
@Controller()
export class PredictionsController {
  constructor(private readonly prediction: PredictionService) {}

  @Get('detectors/:id/prediction')
  detector(@ValidParams(detectorRoute.params) { id }: DetectorParams): DetectorPredictionAnswer {
    if (!this.prediction.knowsDetector(id)) throw new NotFoundException(`detector ${JSON.stringify(id)} is not in the network`);
    const latest = this.prediction.latestDetector(id);
    if (!latest) return { detectorId: id, issuedAt: null, model: null, calibrated: null, forecasts: null };
    const { prediction, forecasts } = latest;
    return { detectorId: id, issuedAt: prediction.issuedAt, model: prediction.model, calibrated: prediction.calibrated, forecasts: [...forecasts] };
  }

  @Get('links/:id/prediction')
  link(@ValidParams(linkRoute.params) { id }: LinkParams): LinkPredictionAnswer {
    const roadClass = this.prediction.roadClass(id);
    if (!roadClass) throw new NotFoundException(`link ${JSON.stringify(id)} is not in the network`);
    const latest = this.prediction.latestLink(id);
    if (!latest) return { linkId: id, roadClass, issuedAt: null, model: null, calibrated: null, forecasts: null };
    const { prediction, forecasts } = latest;
    return { linkId: id, roadClass, issuedAt: prediction.issuedAt, model: prediction.model, calibrated: prediction.calibrated, forecasts: [...forecasts] };
  }
}
