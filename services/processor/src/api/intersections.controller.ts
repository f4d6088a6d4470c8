import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { NetworkService } from '../network/network.service';
import { LiveStateService } from '../state/live-state.service';

@Controller('intersections')
export class IntersectionsController {
  constructor(
    private readonly network: NetworkService,
    private readonly state: LiveStateService,
  ) {}

  /** Static description from the network model plus the live signal state. */
  @Get(':id')
  one(@Param('id') id: string) {
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
