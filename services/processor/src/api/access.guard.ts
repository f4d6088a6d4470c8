/**
 * The global guard of every route: reads the route's least role from the contract (route-access.ts), checks the
 * Bearer token, and answers 401 (no, invalid or expired token) or 403 (role too low) in the ApiError shape before
 * any pipe or handler runs. Refusals on mutating routes, and every 403, go to the security audit.
 */
import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { roleAtLeast, type ApiError } from '@arterial/contracts/api/v1';
import { OperatorAuthService } from '../auth/operators/operator-auth.service';
import { routeAccess } from './route-access';
import { requestOrigin, type GuardedRequest } from './request-principal';

@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly auth: OperatorAuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    // Public routes too: the login's audit and throttle count the client, not a proxy in front.
    request.origin = this.auth.originOf(request);
    const path = (request.originalUrl ?? request.url).split('?')[0] ?? '';
    const access = routeAccess(request.method, path);
    if (access === 'public') return true;
    const target = `${request.method} ${path}`;
    const { remoteAddress } = requestOrigin(request);
    const mutating = !['GET', 'HEAD', 'OPTIONS'].includes(request.method.toUpperCase());
    const header = request.headers.authorization;
    const result = await this.auth.authenticate(Array.isArray(header) ? header[0] : header);
    if (!result.ok) {
      if (mutating) this.auth.refused({ actor: 'unauthenticated', status: 401, target, remoteAddress, detail: `${result.reason}: ${result.detail}` });
      context.switchToHttp().getResponse<{ setHeader(name: string, value: string): void }>().setHeader('WWW-Authenticate', 'Bearer');
      const body: ApiError = { statusCode: 401, error: 'Unauthorized', message: result.reason === 'missing' ? 'sign in first: no Bearer token' : `the token is not accepted (${result.reason})` };
      throw new UnauthorizedException(body);
    }
    const { principal } = result;
    if (!roleAtLeast(principal.role, access)) {
      this.auth.refused({ actor: principal.name, status: 403, target, remoteAddress, detail: `role ${principal.role} is below ${access}` });
      const body: ApiError = { statusCode: 403, error: 'Forbidden', message: `this needs the role ${access}; ${principal.name} is ${principal.role}` };
      throw new ForbiddenException(body);
    }
    request.principal = principal;
    return true;
  }
}
