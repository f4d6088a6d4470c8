/**
 * Operator access: sign-in of local users, tokens (local HS256, optionally an OIDC provider's), and the check of a
 * request's or a /ws upgrade's token. Anonymous mode (API_ALLOW_ANONYMOUS=true) lets requests without a token act
 * as admin; a token that is sent is still checked. Every sign-in and every refusal is audited.
 */
import type { IncomingMessage } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { BEARER_SUBPROTOCOL_PREFIX, type AccessToken, type AuthMode, type OperatorRole, type UserSummary } from '@arterial/contracts/api/v1';
import { CLOCK, type Clock } from '../../clock/clock';
import { PROCESSOR_CONFIG, type ProcessorConfig } from '../../config/processor-config';
import { createLogger } from '../../logging/logger';
import { RegistryWatchService } from '../audit/registry-watch.service';
import { SecurityAuditService } from '../audit/security-audit.service';
import { userRegistryChanges } from '../audit/registry-changes';
import { loadJose } from './jose.loader';
import { LOCAL_ISSUER, LocalTokens } from './local-tokens';
import { LoginThrottle } from './login-throttle';
import { OidcTokens } from './oidc-tokens';
import { InvalidCredentialsError, LoginThrottledError, NotRefreshableError } from './operator-auth.errors';
import { decoyHash, generatePassword, hashPassword, verifyPassword } from './password-hashing';
import { ANONYMOUS_PRINCIPAL, bearerToken, type Authentication, type Principal } from './principal';
import { activeUser, addUser, EMPTY_USERS, summarise, type UserDocument } from './user-registry';
import { UserRegistryFile } from './user-registry.file';
import { loadTokenSecret } from './token-secret';
import { clientAddress } from './client-address';

const log = createLogger('operator-access');

/** Where a request came from and what it asked for, for the audit. */
export interface RequestOrigin {
  remoteAddress: string | null;
}

export type UpgradeDecision =
  | { ok: true; principal: Principal; closeAfterMs: number | null; stillAccepted?: () => Promise<boolean> }
  | { ok: false; status: 401 };

@Injectable()
export class OperatorAuthService {
  readonly users: UserRegistryFile;
  private local: LocalTokens | undefined;
  private readonly oidc: OidcTokens | undefined;
  private readonly throttle = new LoginThrottle();
  private readonly trustedProxies: ReadonlySet<string>;

  constructor(
    @Inject(PROCESSOR_CONFIG) private readonly config: ProcessorConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly audit: SecurityAuditService,
    private readonly watch: RegistryWatchService,
  ) {
    const access = config.operatorAccess;
    this.users = new UserRegistryFile(access.userRegistryFile);
    this.oidc = access.oidc ? new OidcTokens(access.oidc, clock) : undefined;
    this.trustedProxies = new Set(access.trustedProxies ?? []);
  }

  /** Where a request (REST or a /ws upgrade) came from: its client, behind a trusted proxy (client-address.ts). */
  originOf(request: { socket: { remoteAddress?: string | undefined }; headers: Record<string, string | string[] | undefined> }): RequestOrigin {
    return { remoteAddress: clientAddress(request.socket.remoteAddress, request.headers['x-forwarded-for'], this.trustedProxies) };
  }

  mode(): AuthMode {
    if (this.config.operatorAccess.allowAnonymous) return 'anonymous';
    return this.oidc ? 'oidc' : 'local';
  }

  /**
   * Called once the HTTP side starts (not in headless replay): loads or creates the token key, creates the first
   * admin when sign-in is required and there is no users file yet, and starts watching the registries.
   */
  start(): void {
    const access = this.config.operatorAccess;
    const secret = loadTokenSecret({ secret: access.tokenSecret, file: access.tokenSecretFile, persist: !access.allowAnonymous });
    if (secret.origin === 'created') log.info({ file: access.tokenSecretFile }, 'generated the token signing key');
    this.local = new LocalTokens(secret.key, access.tokenTtlS, this.clock);
    if (access.allowAnonymous) {
      log.warn('API_ALLOW_ANONYMOUS=true: REST and /ws accept requests WITHOUT a token, as admin. Development only; never expose this processor.');
    } else if (!this.users.exists()) {
      this.createFirstAdmin();
    }
    if (this.users.lastError) log.error({ err: this.users.lastError }, 'users file unreadable');
    decoyHash();
    this.watch.start();
  }

  private createFirstAdmin(): void {
    const password = generatePassword();
    this.users.write(addUser(EMPTY_USERS, { name: 'admin', role: 'admin' }, hashPassword(password), this.clock.now()));
    // Printed once, here; only its hash is on disk. Change it with `npm run user -- passwd admin`.
    log.warn({ username: 'admin', password, usersFile: this.users.file }, 'first start: created user admin with this password (shown only now)');
    this.audit.record({ actor: 'first-start', action: 'user-added', outcome: 'success', target: 'admin', detail: 'role admin' });
  }

  async login(username: string, password: string, origin: RequestOrigin): Promise<AccessToken> {
    const now = this.clock.now();
    const base = { actor: username, action: 'login' as const, remoteAddress: origin.remoteAddress, target: username };
    const address = origin.remoteAddress ?? 'unknown';
    const waitMs = this.throttle.retryAfterMs(username, address, now);
    if (waitMs > 0) {
      const retryAfterS = Math.ceil(waitMs / 1000);
      this.audit.record({ ...base, outcome: 'refused', detail: `429: too many failed sign-ins, retry after ${retryAfterS} s` });
      throw new LoginThrottledError(retryAfterS);
    }
    const user = activeUser(this.users.current(), username);
    // An unknown name costs the same scrypt as a wrong password.
    const matches = await verifyPassword(password, user?.password ?? decoyHash());
    if (!user || !matches) {
      this.throttle.recordFailure(username, address, this.clock.now());
      this.audit.record({ ...base, outcome: 'failure', detail: 'wrong user name or password' });
      throw new InvalidCredentialsError();
    }
    this.throttle.recordSuccess(username);
    const issued = await this.tokens().issue(user.name, user.role);
    this.audit.record({ ...base, outcome: 'success', detail: `role ${user.role}` });
    return { token: issued.token, expiresAt: issued.expiresAt, user: { name: user.name, role: user.role } };
  }

  /** A new token for a local user's valid one; the user is looked up again (disabled: refused; role: current). */
  async refresh(principal: Principal, origin: RequestOrigin): Promise<AccessToken> {
    if (principal.authMode !== 'local') throw new NotRefreshableError(principal.authMode === 'oidc' ? 'refresh OIDC tokens at the identity provider' : 'no token to refresh (anonymous mode)');
    const user = activeUser(this.users.current(), principal.name);
    if (!user) throw new InvalidCredentialsError();
    const issued = await this.tokens().issue(user.name, user.role);
    this.audit.record({ actor: user.name, action: 'token-refresh', outcome: 'success', remoteAddress: origin.remoteAddress, target: user.name });
    return { token: issued.token, expiresAt: issued.expiresAt, user: { name: user.name, role: user.role } };
  }

  /** Who an `Authorization` header speaks for. */
  authenticate(authorization: string | undefined): Promise<Authentication> {
    const token = bearerToken(authorization);
    if (token === undefined) return Promise.resolve(this.noToken());
    if (token === '') return Promise.resolve({ ok: false, reason: 'malformed', detail: 'Authorization is not "Bearer <token>"' });
    return this.verify(token);
  }

  private noToken(): Authentication {
    return this.config.operatorAccess.allowAnonymous ? { ok: true, principal: ANONYMOUS_PRINCIPAL } : { ok: false, reason: 'missing', detail: 'no token' };
  }

  /** Checks a token: ours (HS256, user still active) or the OIDC provider's. */
  async verify(token: string): Promise<Authentication> {
    let issuer: unknown;
    try {
      issuer = (await loadJose()).decodeJwt(token).iss;
    } catch {
      return { ok: false, reason: 'malformed', detail: 'not a JWT' };
    }
    if (issuer === LOCAL_ISSUER) {
      const result = await this.tokens().verify(token);
      if (!result.ok) return result;
      const user = activeUser(this.users.current(), result.name);
      if (!user) return { ok: false, reason: 'user-disabled', detail: `user ${result.name} is disabled or gone` };
      // The current role: a demotion applies at once, not at the token's expiry.
      return { ok: true, principal: { name: user.name, role: user.role, authMode: 'local', expiresAt: result.expiresAt } };
    }
    if (this.oidc && issuer === this.oidc.settings.issuer) {
      const result = await this.oidc.verify(token);
      if (!result.ok) return result;
      return { ok: true, principal: { name: result.name, role: result.role, authMode: 'oidc', expiresAt: result.expiresAt } };
    }
    return { ok: false, reason: 'unknown-issuer', detail: `issuer ${JSON.stringify(issuer)}` };
  }

  /**
   * A /ws upgrade: the token comes as the subprotocol `bearer.<token>` (browsers cannot set headers on a
   * WebSocket), never from a cookie. Refusals are audited; the socket closes when the token expires.
   */
  async authorizeUpgrade(request: IncomingMessage): Promise<UpgradeDecision> {
    const offered = String(request.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim());
    const bearer = offered.find((p) => p.startsWith(BEARER_SUBPROTOCOL_PREFIX));
    const auth = bearer !== undefined ? await this.verify(bearer.slice(BEARER_SUBPROTOCOL_PREFIX.length)) : this.noToken();
    if (!auth.ok) {
      this.refused({ actor: 'unauthenticated', status: 401, target: 'GET /ws', remoteAddress: this.originOf(request).remoteAddress, detail: `${auth.reason}: ${auth.detail}` });
      return { ok: false, status: 401 };
    }
    const { expiresAt } = auth.principal;
    const closeAfterMs = expiresAt === null ? null : Math.max(0, expiresAt - this.clock.now());
    if (bearer === undefined) return { ok: true, principal: auth.principal, closeAfterMs };
    // the same token checked again later: a user disabled or removed meanwhile loses the socket
    const token = bearer.slice(BEARER_SUBPROTOCOL_PREFIX.length);
    return { ok: true, principal: auth.principal, closeAfterMs, stillAccepted: async () => (await this.verify(token)).ok };
  }

  /** Records a refused request. */
  refused(entry: { actor: string; status: number; target: string; remoteAddress: string | null; detail: string }): void {
    this.audit.record({ actor: entry.actor, action: 'request-refused', outcome: 'refused', remoteAddress: entry.remoteAddress, target: entry.target, detail: `${entry.status}: ${entry.detail}` });
  }

  /** Adds a user from the REST API (admin); a generated password is answered once. */
  createUser(spec: { name: string; role: OperatorRole; password?: string }, actor: Principal, origin: RequestOrigin): { user: UserSummary; password?: string } {
    const password = spec.password ?? generatePassword();
    const next = this.changeUsers((doc) => addUser(doc, { name: spec.name, role: spec.role }, hashPassword(password), this.clock.now()), actor, origin);
    const user = next.users.find((u) => u.name === spec.name) as NonNullable<ReturnType<typeof activeUser>>;
    return spec.password === undefined ? { user: summarise(user), password } : { user: summarise(user) };
  }

  /** Applies a change to the users file and audits each resulting change with the acting user. */
  changeUsers(change: (doc: UserDocument) => UserDocument, actor: Principal, origin: RequestOrigin): UserDocument {
    const before = this.users.read();
    const after = change(before);
    this.users.write(after);
    this.watch.usersWritten();
    for (const c of userRegistryChanges(before, after)) this.audit.record({ actor: actor.name, outcome: 'success', remoteAddress: origin.remoteAddress, ...c });
    return after;
  }

  private tokens(): LocalTokens {
    if (!this.local) throw new Error('operator access not started');
    return this.local;
  }
}
