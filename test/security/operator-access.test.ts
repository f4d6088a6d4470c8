/**
 * Operator access against the real processor over HTTP and /ws: sign-in, roles on REST, tokens on /ws, the security
 * audit. Sign-in is required here (API_ALLOW_ANONYMOUS=false); an OIDC provider is played by a local JWKS server
 * with real RS256 signatures.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import WebSocket from 'ws';
import type { AccessToken, ApiError, CurrentUser, HealthReport, SecurityAuditList } from '@arterial/contracts/api/v1';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, loadJose, runUserCommand, type RunningProcessor } from '@arterial/processor';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

jest.setTimeout(90_000);

const SECRET = 'operator-access-test-secret-0123456789abcdef';
const OIDC_AUDIENCE = 'arterial-control-room';
const FAST_SCRYPT = { N: 1 << 12, r: 8, p: 1 };

/** A tiny OpenID provider: discovery document and JWKS over real HTTP, tokens signed with its RSA key. */
async function startOidcProvider() {
  const jose = await loadJose();
  const { publicKey, privateKey } = await jose.generateKeyPair('RS256');
  const jwk = { ...(await jose.exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  let issuer = '';
  const server = http.createServer((req, res) => {
    const body = req.url === '/.well-known/openid-configuration' ? { issuer, jwks_uri: `${issuer}/jwks` } : req.url === '/jwks' ? { keys: [jwk] } : undefined;
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sign = (claims: Record<string, unknown>, expiresIn = '5m') =>
    new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(issuer).setAudience(OIDC_AUDIENCE).setSubject('sso-123').setIssuedAt().setExpirationTime(expiresIn).sign(privateKey);
  return { issuer, sign, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('operator access', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-operators-'));
  const usersFile = path.join(dir, 'users.json');
  const password = { vera: 'viewer-password-1', oscar: 'operator-password-1', erin: 'engineer-password-1' };
  let platform: TestPlatform;
  let processor: RunningProcessor;
  let oidc: Awaited<ReturnType<typeof startOidcProvider>>;
  let junctionId: string;
  const startedAt = Date.now();

  const call = (method: string, route: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
    fetch(`${processor.httpUrl}${route}`, {
      method,
      headers: { ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...options.headers },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
  const login = (username: string, pass: string) => call('POST', '/api/auth/login', { body: { username, password: pass } });
  const tokenOf = async (username: keyof typeof password) => ((await (await login(username, password[username])).json()) as AccessToken).token;
  const securityAudit = async (token: string, query: string) => (await (await call('GET', `/api/security-audit?from=${startedAt - 1000}&${query}`, { token })).json()) as SecurityAuditList;
  /**
   * Audit records reach InfluxDB in the next write batch (a file change after the next once-a-second check): wait
   * until the query shows what is expected. The deadline is generous because a write InfluxDB answers slowly on a
   * loaded machine is retried with backoff; a record that never comes still fails the test.
   */
  const auditShows = (token: string, query: string, expected: (list: SecurityAuditList) => boolean) =>
    waitFor(async () => {
      const list = await securityAudit(token, query);
      return expected(list) ? list : undefined;
    }, { timeoutMs: 30_000, intervalMs: 200, what: `security audit ${query}` });

  /** A token signed like the processor's own, with any claims (expired ones included). */
  const mint = async (claims: { sub: string; role: string; iat: number; exp: number }, key: Uint8Array = Buffer.from(SECRET)) => {
    const jose = await loadJose();
    return new jose.SignJWT({ role: claims.role }).setProtectedHeader({ alg: 'HS256' }).setSubject(claims.sub).setIssuer(LOCAL_ISSUER).setAudience(LOCAL_AUDIENCE).setIssuedAt(claims.iat).setExpirationTime(claims.exp).setJti(`t-${Math.random()}`).sign(key);
  };
  const unsigned = (claims: Record<string, unknown>) =>
    `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;

  /** Opens /ws with the subprotocols a browser offers; resolves with the HTTP status of a refused upgrade. */
  const openWs = (token: string | undefined) =>
    new Promise<{ socket: WebSocket; refusedWith?: undefined } | { refusedWith: number; socket?: undefined }>((resolve, reject) => {
      const socket = new WebSocket(processor.wsUrl, token === undefined ? ['arterial.live.v1'] : ['arterial.live.v1', `bearer.${token}`]);
      socket.once('open', () => resolve({ socket }));
      socket.once('unexpected-response', (_req, res) => resolve({ refusedWith: res.statusCode ?? 0 }));
      socket.once('error', reject);
    });

  beforeAll(async () => {
    oidc = await startOidcProvider();
    platform = await createTestPlatform('operator-access');
    processor = await platform.startProcessor({
      env: {
        API_ALLOW_ANONYMOUS: 'false',
        USER_REGISTRY_FILE: usersFile,
        // The suite's own (empty) device registry: the watcher must not audit the checkout's data/devices.json.
        DEVICE_REGISTRY_FILE: path.join(dir, 'devices.json'),
        API_TOKEN_SECRET: SECRET,
        OIDC_ISSUER: oidc.issuer,
        OIDC_AUDIENCE,
        OIDC_ROLE_CLAIM: 'groups',
        // The test's own address plays the reverse proxy in front of the processor.
        API_TRUSTED_PROXIES: '127.0.0.1',
      },
    });
    // The processor created the first admin; the CLI adds the others to the same file, picked up without a restart.
    for (const [name, role] of [['vera', 'viewer'], ['oscar', 'operator'], ['erin', 'engineer']] as const) {
      runUserCommand({ command: 'add', name, role, passwordStdin: true }, { registryFile: usersFile, nowMs: Date.now(), passwordFromStdin: password[name], scrypt: FAST_SCRYPT });
    }
    const network = (await (await call('GET', '/api/network', { token: await tokenOf('vera') })).json()) as { features: Array<{ properties: { id: string; kind: string } }> };
    junctionId = network.features.find((f) => f.properties.kind === 'intersection')!.properties.id;
  });

  afterAll(async () => {
    await platform?.dispose();
    await oidc?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates the first admin on first start: a scrypt hash only, in a file only its owner reads', () => {
    const doc = JSON.parse(fs.readFileSync(usersFile, 'utf8')) as { users: Array<{ name: string; role: string; password: { N: number; hash: string } }> };
    const admin = doc.users.find((u) => u.name === 'admin');
    expect(admin).toMatchObject({ role: 'admin', password: { algorithm: 'scrypt', N: 1 << 15 } });
    expect(fs.statSync(usersFile).mode & 0o777).toBe(0o600);
  });

  it('signs in with the right password, and answers one 401 for a wrong password and an unknown user', async () => {
    const ok = await login('vera', password.vera);
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as AccessToken;
    expect(body.user).toEqual({ name: 'vera', role: 'viewer' });
    expect(body.expiresAt).toBeGreaterThan(Date.now() + 800_000);
    const wrong = await login('vera', 'not-her-password');
    const unknown = await login('nobody-here', 'whatever-password');
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    const [a, b] = [(await wrong.json()) as ApiError, (await unknown.json()) as ApiError];
    expect(a.message).toBe(b.message);
    expect(await (await call('GET', '/api/auth/me', { token: body.token })).json()).toEqual({ name: 'vera', role: 'viewer', authMode: 'local' } satisfies CurrentUser);
  });

  it('refuses further sign-ins with 429 and Retry-After after five failures for one name', async () => {
    for (let i = 0; i < 5; i++) expect((await login('target', `guess-number-${i}`)).status).toBe(401);
    const limited = await login('target', 'guess-number-6');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(200);
    expect(((await limited.json()) as ApiError).statusCode).toBe(429);
  });

  it('answers 401 without a token, and keeps the probes public', async () => {
    const res = await call('GET', '/api/health');
    expect(res.status).toBe(401);
    expect((await res.json()) as ApiError).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    expect((await call('GET', '/api/health/live')).status).toBe(200);
    const health = (await (await call('GET', '/api/health', { token: await tokenOf('vera') })).json()) as HealthReport;
    expect(health.apiAuth).toBe('oidc');
  });

  it('lets a viewer read but not override (403, audited)', async () => {
    const token = await tokenOf('vera');
    expect((await call('GET', `/api/intersections/${junctionId}`, { token })).status).toBe(200);
    const res = await call('POST', `/api/intersections/${junctionId}/overrides`, { token, body: { action: 'flash', durationS: 60, reason: 'viewer tries' } });
    expect(res.status).toBe(403);
    expect((await res.json()) as ApiError).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    const audit = await auditShows(await tokenOf('erin'), 'actor=vera&action=request-refused', (l) => l.events.length > 0);
    expect(audit.events[0]).toMatchObject({ actor: 'vera', outcome: 'refused', target: `POST /api/intersections/${junctionId}/overrides`, remoteAddress: expect.stringContaining('127.0.0.1') });
  });

  it('audits the client a trusted proxy names in X-Forwarded-For (the right-most hop it did not write itself)', async () => {
    const token = await tokenOf('vera');
    const headers = { 'x-forwarded-for': '192.0.2.66, 203.0.113.9' };
    const res = await call('POST', `/api/intersections/${junctionId}/overrides`, { token, headers, body: { action: 'flash', durationS: 60, reason: 'viewer behind a proxy' } });
    expect(res.status).toBe(403);
    const audit = await auditShows(await tokenOf('erin'), 'actor=vera&action=request-refused', (l) => l.events.some((e) => e.remoteAddress === '203.0.113.9'));
    expect(audit.events.filter((e) => e.remoteAddress === '203.0.113.9')).toHaveLength(1);
  });

  it('lets an operator override, as themself whatever the actor header says, audited', async () => {
    const token = await tokenOf('oscar');
    const res = await call('POST', `/api/intersections/${junctionId}/overrides`, { token, body: { action: 'flash', durationS: 60, reason: 'incident', actor: 'mallory' }, headers: { 'x-arterial-actor': 'mallory' } });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ actor: 'oscar', action: 'flash' });
    const audit = await auditShows(await tokenOf('erin'), 'action=override', (l) => l.events.length > 0);
    expect(audit.events[0]).toMatchObject({ actor: 'oscar', action: 'override', outcome: 'success' });
  });

  it('refuses expired and forged tokens on REST', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await mint({ sub: 'oscar', role: 'operator', iat: now - 1000, exp: now - 100 });
    const otherKey = await mint({ sub: 'oscar', role: 'admin', iat: now, exp: now + 600 }, Buffer.from('some-other-key-that-is-long-enough-000000'));
    const none = unsigned({ sub: 'oscar', role: 'admin', iss: LOCAL_ISSUER, aud: LOCAL_AUDIENCE, iat: now, exp: now + 600, jti: 'x' });
    for (const token of [expired, otherKey, none, 'not-a-jwt']) {
      const res = await call('POST', `/api/intersections/${junctionId}/overrides`, { token, body: { action: 'flash', durationS: 60, reason: 'forged' } });
      expect(res.status).toBe(401);
    }
    await auditShows(await tokenOf('erin'), 'action=request-refused&actor=unauthenticated', (l) => l.events.filter((e) => e.target?.endsWith('/overrides')).length >= 4);
  });

  it('accepts an OIDC provider’s token with its role claim, and refuses one without a role', async () => {
    const engineer = await oidc.sign({ groups: ['staff', 'engineer'], preferred_username: 'eve@example.org' });
    expect(await (await call('GET', '/api/auth/me', { token: engineer })).json()).toEqual({ name: 'eve@example.org', role: 'engineer', authMode: 'oidc' });
    expect((await call('GET', '/api/security-audit', { token: engineer })).status).toBe(200);
    expect((await call('GET', '/api/auth/me', { token: await oidc.sign({ groups: ['staff'] }) })).status).toBe(401);
  });

  it('lets an engineer query the security audit, and not a viewer', async () => {
    const viewer = await call('GET', '/api/security-audit', { token: await tokenOf('vera') });
    expect(viewer.status).toBe(403);
    const expected = ['vera:success', 'vera:failure', 'nobody-here:failure', 'target:refused'];
    await auditShows(await tokenOf('erin'), 'action=login', (l) => {
      const outcomes = new Set(l.events.map((e) => `${e.actor}:${e.outcome}`));
      return expected.every((o) => outcomes.has(o));
    });
  });

  it('records user changes made with the CLI, and keeps user management for admins', async () => {
    runUserCommand({ command: 'set-role', name: 'vera', role: 'operator' }, { registryFile: usersFile, nowMs: Date.now() });
    const erin = await tokenOf('erin');
    await auditShows(erin, 'action=user-role-changed', (l) => l.events.some((e) => e.target === 'vera' && e.actor === 'registry-file' && e.detail === 'viewer → operator'));
    expect((await call('GET', '/api/users', { token: erin })).status).toBe(403);
    runUserCommand({ command: 'set-role', name: 'vera', role: 'viewer' }, { registryFile: usersFile, nowMs: Date.now() });
    await auditShows(erin, 'action=user-role-changed', (l) => l.events.some((e) => e.target === 'vera' && e.detail === 'operator → viewer'));
  });

  it('reads the role from the users file at every request, and stops a disabled user’s tokens and open /ws at once', async () => {
    runUserCommand({ command: 'add', name: 'dora', role: 'viewer', passwordStdin: true }, { registryFile: usersFile, nowMs: Date.now(), passwordFromStdin: 'dora-password-123', scrypt: FAST_SCRYPT });
    const token = ((await (await login('dora', 'dora-password-123')).json()) as AccessToken).token;
    expect((await call('GET', '/api/audit', { token })).status).toBe(403);
    runUserCommand({ command: 'set-role', name: 'dora', role: 'engineer' }, { registryFile: usersFile, nowMs: Date.now() });
    expect((await call('GET', '/api/audit', { token })).status).toBe(200);
    const { socket } = await openWs(token);
    expect(socket?.readyState).toBe(WebSocket.OPEN);
    const closedAt = new Promise<number>((resolve) => socket!.once('close', (code) => resolve(code)));
    runUserCommand({ command: 'disable', name: 'dora' }, { registryFile: usersFile, nowMs: Date.now() });
    expect((await call('GET', '/api/network', { token })).status).toBe(401);
    // the open live socket is closed at the next credentials check (every 5 s), long before the token's expiry
    expect(await closedAt).toBe(4401);
    expect((await openWs(token)).refusedWith).toBe(401);
    expect((await login('dora', 'dora-password-123')).status).toBe(401);
  });

  it('refuses /ws upgrades without, with an expired or with a forged token (HTTP 401)', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await openWs(undefined)).refusedWith).toBe(401);
    expect((await openWs(await mint({ sub: 'vera', role: 'viewer', iat: now - 1000, exp: now - 10 }))).refusedWith).toBe(401);
    expect((await openWs(await mint({ sub: 'vera', role: 'viewer', iat: now, exp: now + 600 }, Buffer.from('some-other-key-that-is-long-enough-000000')))).refusedWith).toBe(401);
    expect((await openWs(unsigned({ sub: 'vera', role: 'viewer', iss: LOCAL_ISSUER, aud: LOCAL_AUDIENCE, iat: now, exp: now + 600, jti: 'x' }))).refusedWith).toBe(401);
  });

  it('opens /ws with a valid token (selecting arterial.live.v1) and closes it with 4401 when the token expires', async () => {
    const now = Math.floor(Date.now() / 1000);
    const shortLived = await mint({ sub: 'vera', role: 'viewer', iat: now, exp: now + 2 });
    const { socket } = await openWs(shortLived);
    expect(socket?.protocol).toBe('arterial.live.v1');
    const closed = await new Promise<number>((resolve) => socket!.once('close', (code) => resolve(code)));
    expect(closed).toBe(4401);
    const { socket: again } = await openWs(await tokenOf('vera'));
    expect(again?.readyState).toBe(WebSocket.OPEN);
    again?.close();
  });
});
