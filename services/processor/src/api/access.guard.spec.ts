import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ForbiddenException, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { API_ROUTES, OPERATOR_ROLES, roleAtLeast, type ApiRoute, type OperatorRole } from '@arterial/contracts/api/v1';
import { RegistryWatchService } from '../auth/audit/registry-watch.service';
import { SecurityAuditService } from '../auth/audit/security-audit.service';
import { OperatorAuthService } from '../auth/operators/operator-auth.service';
import { hashPassword } from '../auth/operators/password-hashing';
import { addUser, EMPTY_USERS, type UserDocument } from '../auth/operators/user-registry';
import { UserRegistryFile } from '../auth/operators/user-registry.file';
import { runUserCommand } from '../auth/operators/user.commands';
import { ManualClock } from '../clock/clock';
import { loadConfig } from '../config/processor-config';
import { InMemoryTimeSeriesStore } from '../storage/in-memory-time-series-store';
import { AccessGuard } from './access.guard';
import type { GuardedRequest } from './request-principal';

const FAST_SCRYPT = { N: 1 << 4, r: 1, p: 1 };
const T0 = Date.UTC(2026, 0, 5, 8);

/** The guard with the real token and user checks, on temporary files and an in-memory audit store. */
function setUp(options: { anonymous?: boolean } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-guard-'));
  const usersFile = path.join(dir, 'users.json');
  let users: UserDocument = EMPTY_USERS;
  for (const role of OPERATOR_ROLES) users = addUser(users, { name: role, role }, hashPassword(`${role}-password-1`, FAST_SCRYPT), T0);
  new UserRegistryFile(usersFile).write(users);
  const config = loadConfig({
    API_ALLOW_ANONYMOUS: options.anonymous ? 'true' : 'false',
    USER_REGISTRY_FILE: usersFile,
    DEVICE_REGISTRY_FILE: path.join(dir, 'devices.json'),
    API_TOKEN_SECRET: 'guard-spec-secret-0123456789abcdef0123',
  });
  const clock = new ManualClock(T0);
  const store = new InMemoryTimeSeriesStore();
  const audit = new SecurityAuditService(store, clock);
  const watch = new RegistryWatchService(config, audit);
  const auth = new OperatorAuthService(config, clock, audit, watch);
  auth.start();
  const guard = new AccessGuard(auth);
  const headers: Record<string, string> = {};

  /** Runs the guard on a request; resolves with the principal it set, or rejects with its exception. */
  const check = async (method: string, url: string, token?: string) => {
    const request: GuardedRequest = { method, url, originalUrl: url, headers: token === undefined ? {} : { authorization: `Bearer ${token}` }, socket: { remoteAddress: '10.1.2.3' } };
    const response = { setHeader: (name: string, value: string) => void (headers[name] = value) };
    const context = { getType: () => 'http', switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }) } as unknown as ExecutionContext;
    await guard.canActivate(context);
    return request.principal;
  };
  const tokenOf = async (role: OperatorRole) => (await auth.login(role, `${role}-password-1`, { remoteAddress: null })).token;
  const refusals = () => store.securityAudit({ range: { fromMs: 0, toMs: T0 + 3600_000 }, limit: 1000, action: 'request-refused' });
  const dispose = () => {
    watch.onModuleDestroy();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { auth, check, tokenOf, refusals, clock, usersFile, headers, dispose };
}

/** A concrete request path of a route (`{id}` → `x1`). */
const concrete = (route: ApiRoute) => route.path.replace(/\{[^}]+\}/g, 'x1');

describe(AccessGuard.name, () => {
  let env: ReturnType<typeof setUp>;
  beforeEach(() => (env = setUp()));
  afterEach(() => env.dispose());

  it('lets every role through exactly the routes its rank allows (403 below), for every route of the contract', async () => {
    const routes = Object.values(API_ROUTES) as ApiRoute[];
    for (const role of OPERATOR_ROLES) {
      const token = await env.tokenOf(role);
      for (const route of routes) {
        const outcome = await env.check(route.method.toUpperCase(), concrete(route), token).then(
          () => 'allowed',
          (err: unknown) => (err instanceof ForbiddenException ? 'forbidden' : String(err)),
        );
        const allowed = route.minRole === 'public' || roleAtLeast(role, route.minRole);
        expect(`${role} ${route.method} ${route.path}: ${outcome}`).toBe(`${role} ${route.method} ${route.path}: ${allowed ? 'allowed' : 'forbidden'}`);
      }
    }
  });

  it('keeps sign-in, the probes, the API docs and everything outside /api public, without a token', async () => {
    for (const [method, url] of [['POST', '/api/auth/login'], ['GET', '/api/health/live'], ['GET', '/api/health/ready'], ['GET', '/api/docs'], ['GET', '/api/docs/openapi.yaml'], ['GET', '/metrics'], ['GET', '/']]) {
      await expect(env.check(method as string, url as string)).resolves.toBeUndefined();
    }
  });

  it('answers 401 with WWW-Authenticate without, with a malformed and with an expired token; audits refusals of mutating routes', async () => {
    await expect(env.check('GET', '/api/network')).rejects.toBeInstanceOf(UnauthorizedException);
    expect(env.headers['WWW-Authenticate']).toBe('Bearer');
    await expect(env.check('GET', '/api/network', 'not-a-jwt')).rejects.toBeInstanceOf(UnauthorizedException);
    const token = await env.tokenOf('admin');
    env.clock.advance(900_000);
    await expect(env.check('POST', '/api/intersections/x1/overrides', token)).rejects.toBeInstanceOf(UnauthorizedException);
    const refused = await env.refusals();
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ actor: 'unauthenticated', outcome: 'refused', target: 'POST /api/intersections/x1/overrides', remoteAddress: '10.1.2.3', detail: expect.stringMatching(/^401: expired/) });
  });

  it('answers 403 to a role too low, audited with the user as actor', async () => {
    const error = await env.check('POST', '/api/intersections/x1/overrides', await env.tokenOf('viewer')).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ForbiddenException);
    expect((error as ForbiddenException).getResponse()).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    expect(await env.refusals()).toEqual([expect.objectContaining({ actor: 'viewer', detail: '403: role viewer is below operator' })]);
  });

  it('reads the role from the users file at every request, and stops a disabled user’s tokens at once', async () => {
    const token = await env.tokenOf('viewer');
    await expect(env.check('POST', '/api/alerts/a1/acknowledge', token)).rejects.toBeInstanceOf(ForbiddenException);
    runUserCommand({ command: 'set-role', name: 'viewer', role: 'operator' }, { registryFile: env.usersFile, nowMs: T0 });
    await expect(env.check('POST', '/api/alerts/a1/acknowledge', token)).resolves.toMatchObject({ name: 'viewer', role: 'operator', authMode: 'local' });
    runUserCommand({ command: 'disable', name: 'viewer' }, { registryFile: env.usersFile, nowMs: T0 });
    await expect(env.check('GET', '/api/network', token)).rejects.toBeInstanceOf(UnauthorizedException);
    await expect(env.auth.login('viewer', 'viewer-password-1', { remoteAddress: null })).rejects.toThrow(/wrong user name or password/);
  });
});

describe(`${AccessGuard.name} in anonymous mode`, () => {
  let env: ReturnType<typeof setUp>;
  beforeEach(() => (env = setUp({ anonymous: true })));
  afterEach(() => env.dispose());

  it('lets a request without a token act as admin, and still checks a token that is sent', async () => {
    await expect(env.check('GET', '/api/users')).resolves.toMatchObject({ name: 'anonymous', role: 'admin', authMode: 'anonymous' });
    await expect(env.check('GET', '/api/users', 'forged.token.value')).rejects.toBeInstanceOf(UnauthorizedException);
    await expect(env.check('GET', '/api/users', await env.tokenOf('viewer'))).rejects.toBeInstanceOf(ForbiddenException);
  });
});
