import { Catch, Controller, Get, HttpCode, Inject, Post, UseFilters, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { API_ROUTES, type ApiError, type CreatedUser, type CreateUserRequest, type SetRoleRequest, type UserList, type UserParams, type UserSummary } from '@arterial/contracts/api/v1';
import { CLOCK, type Clock } from '../clock/clock';
import { OperatorAuthService, type RequestOrigin } from '../auth/operators/operator-auth.service';
import { PasswordPolicyError } from '../auth/operators/password-hashing';
import type { Principal } from '../auth/operators/principal';
import { disableUser, findUser, listUsers, setRole, summarise, UnknownUserError, UserExistsError, UserRegistryError } from '../auth/operators/user-registry';
import { ValidBody, ValidParams } from './contract.pipe';
import { CurrentPrincipal, Origin } from './request-principal';

const { createUser, setUserRole, disableUser: disableRoute } = API_ROUTES;

interface JsonResponse {
  status(code: number): { json(body: unknown): void };
}

/** Unknown user → 404; name taken → 409; other registry or password rule → 400. */
@Catch(UserRegistryError, PasswordPolicyError)
export class UserErrorsFilter implements ExceptionFilter {
  catch(error: Error, host: ArgumentsHost): void {
    const status = error instanceof UnknownUserError ? 404 : error instanceof UserExistsError ? 409 : 400;
    const body: ApiError = { statusCode: status, error: error.constructor.name, message: error.message };
    host.switchToHttp().getResponse<JsonResponse>().status(status).json(body);
  }
}

/** Local users (admin only, by the route table): list, add, change role, disable. Every change is audited with the admin as actor. */
@Controller('users')
@UseFilters(UserErrorsFilter)
export class UsersController {
  constructor(
    private readonly auth: OperatorAuthService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  list(): UserList {
    return { users: listUsers(this.auth.users.current()) };
  }

  @Post()
  @HttpCode(201)
  create(@ValidBody(createUser.body) body: CreateUserRequest, @CurrentPrincipal() actor: Principal, @Origin() origin: RequestOrigin): CreatedUser {
    return this.auth.createUser(body, actor, origin);
  }

  @Post(':name/role')
  @HttpCode(200)
  role(
    @ValidParams(setUserRole.params) { name }: UserParams,
    @ValidBody(setUserRole.body) body: SetRoleRequest,
    @CurrentPrincipal() actor: Principal,
    @Origin() origin: RequestOrigin,
  ): UserSummary {
    const doc = this.auth.changeUsers((d) => setRole(d, name, body.role, this.clock.now()), actor, origin);
    return summarise(findUser(doc, name) as NonNullable<ReturnType<typeof findUser>>);
  }

  @Post(':name/disable')
  @HttpCode(200)
  disable(@ValidParams(disableRoute.params) { name }: UserParams, @CurrentPrincipal() actor: Principal, @Origin() origin: RequestOrigin): UserSummary {
    const doc = this.auth.changeUsers((d) => disableUser(d, name, this.clock.now()), actor, origin);
    return summarise(findUser(doc, name) as NonNullable<ReturnType<typeof findUser>>);
  }
}
