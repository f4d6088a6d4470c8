import { Catch, Controller, Get, HttpCode, Post, UseFilters, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { API_ROUTES, type AcknowledgeRequest, type Alert, type AlertList, type AlertParams, type AlertsQuery, type ApiError } from '@arterial/contracts/api/v1';
import { AlertService } from '../alerts/alert.service';
import { AlertNotFoundError, AlertNotOpenError } from '../alerts/alerts.errors';
import { SecurityAuditService } from '../auth/audit/security-audit.service';
import type { RequestOrigin } from '../auth/operators/operator-auth.service';
import type { Principal } from '../auth/operators/principal';
import { ValidBody, ValidParams, ValidQuery } from './contract.pipe';
import { DomainErrorsFilter } from './domain-errors.filter';
import { CurrentPrincipal, Origin } from './request-principal';

const { listAlerts, acknowledgeAlert } = API_ROUTES;

/** The slice of Express' response the filter uses. */
interface JsonResponse {
  status(code: number): { json(body: unknown): void };
}

/** Unknown alert → 404; an alert no longer open → 409. */
@Catch(AlertNotFoundError, AlertNotOpenError)
export class AlertErrorsFilter implements ExceptionFilter {
  catch(error: AlertNotFoundError | AlertNotOpenError, host: ArgumentsHost): void {
    const status = error instanceof AlertNotOpenError ? 409 : 404;
    const body: ApiError = { statusCode: status, error: error.name, message: error.message };
    host.switchToHttp().getResponse<JsonResponse>().status(status).json(body);
  }
}

@Controller('alerts')
@UseFilters(DomainErrorsFilter, AlertErrorsFilter)
export class AlertsController {
  constructor(
    private readonly alerts: AlertService,
    private readonly audit: SecurityAuditService,
  ) {}

  /** Open alerts and history (default: the last 24 h, 100 alerts). */
  @Get()
  list(@ValidQuery(listAlerts.query) query: AlertsQuery): Promise<AlertList> {
    return this.alerts.list(query);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  acknowledge(
    @ValidParams(acknowledgeAlert.params) { id }: AlertParams,
    @ValidBody(acknowledgeAlert.body) body: AcknowledgeRequest,
    @CurrentPrincipal() principal: Principal,
    @Origin() origin: RequestOrigin,
  ): Promise<Alert> {
    // Signed in: the user acknowledges, whatever the body says.
    const actor = principal.authMode === 'anonymous' ? body.actor : principal.name;
    const entry = { actor, action: 'alert-acknowledge' as const, remoteAddress: origin.remoteAddress, target: `POST /api/alerts/${id}/acknowledge`, detail: body.note };
    return this.audit.outcomeOf(entry, () => this.alerts.acknowledge(id, { ...body, actor }));
  }
}
