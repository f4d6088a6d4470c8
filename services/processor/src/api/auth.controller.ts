import { Catch, Controller, Get, HttpCode, Post, UseFilters, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { API_ROUTES, type AccessToken, type ApiError, type CurrentUser, type LoginRequest } from '@arterial/contracts/api/v1';
import type { RequestOrigin } from '../auth/operators/operator-auth.service';
import { OperatorAuthService } from '../auth/operators/operator-auth.service';
import { InvalidCredentialsError, LoginThrottledError, NotRefreshableError } from '../auth/operators/operator-auth.errors';
import type { Principal } from '../auth/operators/principal';
import { ValidBody } from './contract.pipe';
import { CurrentPrincipal, Origin } from './request-principal';

const { login } = API_ROUTES;

interface JsonResponse {
  setHeader(name: string, value: string): void;
  status(code: number): { json(body: unknown): void };
}

/** Bad credentials → 401 (one answer for unknown user and wrong password); throttled → 429 with Retry-After; not refreshable → 400. */
@Catch(InvalidCredentialsError, LoginThrottledError, NotRefreshableError)
export class SignInErrorsFilter implements ExceptionFilter {
  catch(error: InvalidCredentialsError | LoginThrottledError | NotRefreshableError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<JsonResponse>();
    const status = error instanceof LoginThrottledError ? 429 : error instanceof NotRefreshableError ? 400 : 401;
    if (error instanceof LoginThrottledError) res.setHeader('Retry-After', String(error.retryAfterS));
    if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    const body: ApiError = { statusCode: status, error: error.name, message: error.message };
    res.status(status).json(body);
  }
}

/** Sign-in, token refresh and who-am-I. Tokens travel in the Authorization header only, never in cookies. */
@Controller('auth')
@UseFilters(SignInErrorsFilter)
export class AuthController {
  constructor(private readonly auth: OperatorAuthService) {}

  @Post('login')
  @HttpCode(200)
  signIn(@ValidBody(login.body) body: LoginRequest, @Origin() origin: RequestOrigin): Promise<AccessToken> {
    return this.auth.login(body.username, body.password, origin);
  }

  @Post('refresh')
  @HttpCode(200)
  refresh(@CurrentPrincipal() principal: Principal, @Origin() origin: RequestOrigin): Promise<AccessToken> {
    return this.auth.refresh(principal, origin);
  }

  @Get('me')
  me(@CurrentPrincipal() principal: Principal): CurrentUser {
    return { name: principal.name, role: principal.role, authMode: principal.authMode };
  }
}
