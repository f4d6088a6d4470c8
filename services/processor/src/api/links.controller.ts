import { Controller, Get, NotFoundException } from '@nestjs/common';
import { API_ROUTES, type LinkEstimateAnswer, type LinkParams } from '@arterial/contracts/api/v1';
import { EstimationService } from '../estimation/estimation.service';
import { ValidParams } from './contract.pipe';

const route = API_ROUTES.getLinkEstimate;

@Controller('links')
export class LinksController {
  constructor(private readonly estimation: EstimationService) {}

  /** The latest estimate of a link in the network model; `estimate: null` until the first estimation step. */
  @Get(':id/estimate')
  estimate(@ValidParams(route.params) { id }: LinkParams): LinkEstimateAnswer {
    if (!this.estimation.knowsLink(id)) throw new NotFoundException(`link ${JSON.stringify(id)} is not in the network`);
    const latest = this.estimation.latestLink(id);
    return { linkId: id, ts: latest?.ts ?? null, estimate: latest?.estimate ?? null };
  }
}
