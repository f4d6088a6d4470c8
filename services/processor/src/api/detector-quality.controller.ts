import { Controller, Get, Inject, NotFoundException } from '@nestjs/common';
import { API_ROUTES, type DetectorParams, type DetectorQuality } from '@arterial/contracts/api/v1';
import { CLOCK, type Clock } from '../clock/clock';
import { EstimationService } from '../estimation/estimation.service';
import { ValidParams } from './contract.pipe';

const route = API_ROUTES.getDetectorQuality;

/** Beside DetectorsController under `detectors/`: history there, data quality here. */
@Controller('detectors')
export class DetectorQualityController {
  constructor(
    private readonly estimation: EstimationService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The rolling diagnosis of the last estimation step and today's daily report so far. */
  @Get(':id/quality')
  quality(@ValidParams(route.params) { id }: DetectorParams): DetectorQuality {
    const daily = this.estimation.dailyQuality(id, this.clock.now());
    if (!daily) throw new NotFoundException(`detector ${JSON.stringify(id)} is not in the network`);
    const rolling = this.estimation.rollingQuality(id);
    return { detectorId: id, ts: rolling?.ts ?? null, rolling: rolling?.diagnosis ?? null, daily };
  }
}
