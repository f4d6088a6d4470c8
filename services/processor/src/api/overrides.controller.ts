import { Catch, Controller, Get, Headers, HttpCode, Post, UseFilters, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { API_ROUTES, type ApiError, type IntersectionParams, type Override, type OverrideList, type OverrideRequest } from '@arterial/contracts/api/v1';
import { InvalidOverrideError, NoActiveOverrideError } from '../control/control.errors';
import { SecurityAuditService } from '../auth/audit/security-audit.service';
import type { RequestOrigin } from '../auth/operators/operator-auth.service';
import type { Principal } from '../auth/operators/principal';
import { OverrideService } from '../control/overrides/override.service';
import { ValidBody, ValidParams } from './contract.pipe';
import { DomainErrorsFilter } from './domain-errors.filter';
import { CurrentPrincipal, Origin } from './request-principal';

const { createOverride, listOverrides } = API_ROUTES;

/** In anonymous mode only, who acts is a header (set by a proxy or a tool) or the body's `actor`; otherwise the signed-in user. */
export const ACTOR_HEADER = 'x-arterial-actor';
const ACTOR_RE = /^\S.{0,127}$/u;

/** The slice of Express' response the filter uses. */
interface JsonResponse {
  status(code: number): { json(body: unknown): void };
}

/** A request that does not fit its action → 400; resume with nothing active → 409. */
@Catch(InvalidOverrideError, NoActiveOverrideError)
export class OverrideErrorsFilter implements ExceptionFilter {
  catch(error: InvalidOverrideError | NoActiveOverrideError, host: ArgumentsHost): void {
    const status = error instanceof NoActiveOverrideError ? 409 : 400;
    const body: ApiError = { statusCode: status, error: error.name, message: error.message };
    host.switchToHttp().getResponse<JsonResponse>().status(status).json(body);
  }
}

@Controller('intersections/:id/overrides')
@UseFilters(DomainErrorsFilter, OverrideErrorsFilter)
export class OverridesController {
  constructor(
    private readonly overrides: OverrideService,
    private readonly audit: SecurityAuditService,
  ) {}

  @Post()
  @HttpCode(201)
  create(
    @ValidParams(createOverride.params) { id }: IntersectionParams,
    @ValidBody(createOverride.body) body: OverrideRequest,
    @Headers(ACTOR_HEADER) actorHeader: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Origin() origin: RequestOrigin,
  ): Promise<Override> {
    const header = actorHeader?.trim();
    // A signed-in user acts as themself: neither header nor body can name someone else.
    const actor = principal.authMode !== 'anonymous' ? principal.name : header && ACTOR_RE.test(header) ? header : (body.actor ?? 'operator');
    const entry = { actor, action: 'override' as const, remoteAddress: origin.remoteAddress, target: `POST /api/intersections/${id}/overrides`, detail: `${body.action}: ${body.reason}` };
    return this.audit.outcomeOf(entry, () => this.overrides.apply(id, body, actor));
  }

  @Get()
  list(@ValidParams(listOverrides.params) { id }: IntersectionParams): OverrideList {
    return this.overrides.list(id);
  }
}
