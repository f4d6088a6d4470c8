import { Controller, Get, NotFoundException } from '@nestjs/common';
import { API_ROUTES, type IntersectionDetail, type IntersectionParams } from '@arterial/contracts/api/v1';
import { NetworkService } from '../network/network.service';
import { LiveStateService } from '../state/live-state.service';
import { ValidParams } from './contract.pipe';

const route = API_ROUTES.getIntersection;

@Controller('intersections')
export class IntersectionsController {
  constructor(
    private readonly network: NetworkService,
    private readonly state: LiveStateService,
  ) {}

  /** Static description from the network model plus the live signal state. */
  @Get(':id')
  one(@ValidParams(route.params) { id }: IntersectionParams): IntersectionDetail {
    const feature = this.network.intersection(id);
    const live = this.state.intersection(id) ?? null;
    if (!feature && !live) throw new NotFoundException(`intersection ${JSON.stringify(id)} is not in the network and has never reported`);
    const p = feature?.properties;
    return {
      id,
      name: p?.name ?? id,
      ...(p?.nameZh ? { nameZh: p.nameZh } : {}),
      location: feature?.geometry.coordinates ?? null,
      phases: p?.phases ?? [],
      sequence: p?.sequence ?? [],
      conflicts: p?.conflicts ?? [],
      fallbackPlan: p?.fallbackPlan ?? null,
      live,
    };
  }
}
