import { Catch, Controller, Get, Headers, HttpCode, Post, UseFilters, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { API_ROUTES, type ApiError, type IntersectionParams, type Override, type OverrideList, type OverrideRequest } from '@arterial/contracts/api/v1';
import { InvalidOverrideError, NoActiveOverrideError } from '../control/control.errors';
import { OverrideService } from '../control/overrides/override.service';
import { ValidBody, ValidParams } from './contract.pipe';
import { DomainErrorsFilter } from './domain-errors.filter';

const { createOverride, listOverrides } = API_ROUTES;

/** Until sign-in arrives, who acts is a header (set by a proxy or a tool) or the body's `actor`. */
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
  constructor(private readonly overrides: OverrideService) {}

  @Post()
  @HttpCode(201)
  create(
    @ValidParams(createOverride.params) { id }: IntersectionParams,
    @ValidBody(createOverride.body) body: OverrideRequest,
    @Headers(ACTOR_HEADER) actorHeader: string | undefined,
  ): Promise<Override> {
    const header = actorHeader?.trim();
    const actor = header && ACTOR_RE.test(header) ? header : (body.actor ?? 'operator');
    return this.overrides.apply(id, body, actor);
  }

  @Get()
  list(@ValidParams(listOverrides.params) { id }: IntersectionParams): OverrideList {
    return this.overrides.list(id);
  }
}
