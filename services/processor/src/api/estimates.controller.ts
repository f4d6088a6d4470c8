import { Controller, Get, NotFoundException } from '@nestjs/common';
import {
  API_ROUTES,
  type DetectorEstimateAnswer,
  type DetectorParams,
  type IntersectionEstimateAnswer,
  type IntersectionParams,
} from '@arterial/contracts/api/v1';
import { EstimationService } from '../estimation/estimation.service';
import { NetworkService } from '../network/network.service';
import { ValidParams } from './contract.pipe';

/** The latest estimation step's detector and approach estimates (link estimates: LinksController). */
@Controller()
export class EstimatesController {
  constructor(
    private readonly estimation: EstimationService,
    private readonly network: NetworkService,
  ) {}

  @Get('detectors/:id/estimate')
  detector(@ValidParams(API_ROUTES.getDetectorEstimate.params) { id }: DetectorParams): DetectorEstimateAnswer {
    if (!this.network.detector(id)) throw new NotFoundException(`detector ${JSON.stringify(id)} is not in the network`);
    const latest = this.estimation.latestDetector(id);
    return { detectorId: id, ts: latest?.ts ?? null, estimate: latest?.estimate ?? null };
  }

  @Get('intersections/:id/estimate')
  intersection(@ValidParams(API_ROUTES.getIntersectionEstimate.params) { id }: IntersectionParams): IntersectionEstimateAnswer {
    if (!this.network.intersection(id)) throw new NotFoundException(`intersection ${JSON.stringify(id)} is not in the network`);
    const latest = this.estimation.latestApproaches(id);
    return { intersectionId: id, ts: latest?.ts ?? null, approaches: latest ? [...latest.approaches] : [] };
  }
}
