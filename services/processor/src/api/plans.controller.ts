import { Controller, Get, HttpCode, Post, UseFilters } from '@nestjs/common';
import { API_ROUTES, type DispatchedPlan, type IntersectionParams, type PlanList, type PlanRequest } from '@arterial/contracts/api/v1';
import { SecurityAuditService } from '../auth/audit/security-audit.service';
import type { RequestOrigin } from '../auth/operators/operator-auth.service';
import type { Principal } from '../auth/operators/principal';
import { PlanDispatcherService } from '../control/plan-dispatcher.service';
import { ValidBody, ValidParams } from './contract.pipe';
import { DomainErrorsFilter } from './domain-errors.filter';
import { CurrentPrincipal, Origin } from './request-principal';

const { sendPlan, listPlans } = API_ROUTES;

/** Plans for one intersection: send one (it passes the safety validator first) and see what was sent and acked. */
@Controller('intersections/:id/plans')
@UseFilters(DomainErrorsFilter)
export class PlansController {
  constructor(
    private readonly dispatcher: PlanDispatcherService,
    private readonly audit: SecurityAuditService,
  ) {}

  /** The body's shape is checked here; the dispatcher then checks the resulting plan's values and the junction's safety rules. */
  @Post()
  @HttpCode(202)
  async send(
    @ValidParams(sendPlan.params) { id }: IntersectionParams,
    @ValidBody(sendPlan.body) body: PlanRequest,
    @CurrentPrincipal() principal: Principal,
    @Origin() origin: RequestOrigin,
  ): Promise<DispatchedPlan> {
    // Signed in: the user is the plan's actor; anonymous mode keeps the generic `api`.
    const actor = principal.authMode === 'anonymous' ? 'api' : principal.name;
    const entry = { actor, action: 'plan' as const, remoteAddress: origin.remoteAddress, target: `POST /api/intersections/${id}/plans`, detail: body.reason };
    return this.audit.outcomeOf(entry, () => this.dispatcher.dispatch(id, body, { source: 'operator', actor }));
  }

  /** From storage (with origin and explanation), fresher steps of this run merged in; this run's alone while storage is away. */
  @Get()
  async list(@ValidParams(listPlans.params) { id }: IntersectionParams): Promise<PlanList> {
    return { intersectionId: id, plans: await this.dispatcher.planHistory(id) };
  }
}
