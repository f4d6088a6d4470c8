/** The principal the access guard put on a request, and where the request came from, for controllers. */
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ANONYMOUS_PRINCIPAL, type Principal } from '../auth/operators/principal';
import type { RequestOrigin } from '../auth/operators/operator-auth.service';

/** The slice of Express' request the guard and controllers use (keeps @types/express out of the build). */
export interface GuardedRequest {
  method: string;
  originalUrl?: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  socket: { remoteAddress?: string | undefined };
  principal?: Principal;
  /** Set by the access guard: the client, behind a trusted proxy too (OperatorAuthService.originOf). */
  origin?: RequestOrigin;
}

export function requestOrigin(request: GuardedRequest): RequestOrigin {
  return request.origin ?? { remoteAddress: request.socket.remoteAddress ?? null };
}

/** `@CurrentPrincipal()`: who the request acts for (the guard ran first on every /api route). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  return context.switchToHttp().getRequest<GuardedRequest>().principal ?? ANONYMOUS_PRINCIPAL;
});

/** `@Origin()`: the remote address, for the audit. */
export const Origin = createParamDecorator((_data: unknown, context: ExecutionContext): RequestOrigin => requestOrigin(context.switchToHttp().getRequest<GuardedRequest>()));
