import { BadRequestException, Body, Controller, Get, HttpCode, Param, Post, UseFilters } from '@nestjs/common';
import type { PlanSplit } from '@arterial/contracts/mqtt/v1';
import { PlanDispatcherService, type PlanRequest } from '../control/plan-dispatcher.service';
import { DomainErrorsFilter } from './domain-errors.filter';

/** Plans for one intersection: send one (it passes the safety validator first) and see what was sent and acked. */
@Controller('intersections/:id/plans')
@UseFilters(DomainErrorsFilter)
export class PlansController {
  constructor(private readonly dispatcher: PlanDispatcherService) {}

  @Post()
  @HttpCode(202)
  async send(@Param('id') id: string, @Body() body: unknown) {
    return this.dispatcher.dispatch(id, toPlanRequest(body));
  }

  @Get()
  list(@Param('id') id: string) {
    return { intersectionId: id, plans: this.dispatcher.plansFor(id) };
  }
}

/** Shape check of the request body; the contract validator then checks every value of the resulting plan. */
function toPlanRequest(body: unknown): PlanRequest {
  if (typeof body !== 'object' || body === null) throw new BadRequestException('body must be a JSON object');
  const b = body as Record<string, unknown>;
  if (!Array.isArray(b.splits)) throw new BadRequestException('splits must be an array of { phase, greenS }');
  if (typeof b.reason !== 'string' || b.reason.length === 0) throw new BadRequestException('reason is required: say why the plan is issued');
  return {
    cycleS: b.cycleS as number,
    offsetS: (b.offsetS ?? 0) as number,
    splits: b.splits as PlanSplit[],
    reason: b.reason,
    ...(b.validForS !== undefined ? { validForS: b.validForS as number } : {}),
  };
}
