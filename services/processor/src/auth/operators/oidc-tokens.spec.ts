import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManualClock } from '../../clock/clock';
import { loadJose } from './jose.loader';
import { OidcTokens, roleFromClaim } from './oidc-tokens';

const AUDIENCE = 'arterial-control-room';

/** An identity provider over real HTTP on a free port: discovery document, JWKS, RS256 signing. */
async function startProvider(options: { claimedIssuer?: (issuer: string) => string } = {}) {
  const jose = await loadJose();
  const { publicKey, privateKey } = await jose.generateKeyPair('RS256');
  const jwk = { ...(await jose.exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  let issuer = '';
  const server = http.createServer((req, res) => {
    const body = req.url === '/.well-known/openid-configuration' ? { issuer: options.claimedIssuer?.(issuer) ?? issuer, jwks_uri: `${issuer}/jwks` } : req.url === '/jwks' ? { keys: [jwk] } : undefined;
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sign = (claims: Record<string, unknown>, iatS: number, options2: { audience?: string } = {}) =>
    new jose.SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(issuer)
      .setAudience(options2.audience ?? AUDIENCE)
      .setSubject('sso-1')
      .setIssuedAt(iatS)
      .setExpirationTime(iatS + 300)
      .sign(privateKey);
  return { issuer, jwk, sign, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe(roleFromClaim.name, () => {
  it('takes the highest Arterial role of a list, a string or a dotted path, ignoring other names', () => {
    expect(roleFromClaim({ roles: ['viewer', 'staff', 'engineer', 'operator'] }, 'roles')).toBe('engineer');
    expect(roleFromClaim({ scope: 'openid operator,viewer' }, 'scope')).toBe('operator');
    expect(roleFromClaim({ realm_access: { roles: ['admin'] } }, 'realm_access.roles')).toBe('admin');
    expect(roleFromClaim({ roles: ['staff', 'root'] }, 'roles')).toBeUndefined();
    expect(roleFromClaim({ roles: 'admin' }, 'realm_access.roles')).toBeUndefined();
  });
});

describe(OidcTokens.name, () => {
  let provider: Awaited<ReturnType<typeof startProvider>>;
  let clock: ManualClock;
  const nowS = () => Math.floor(clock.now() / 1000);

  beforeAll(async () => (provider = await startProvider()));
  afterAll(() => provider.close());
  beforeEach(() => (clock = new ManualClock(Date.now())));

  const sut = (audience: string | undefined = AUDIENCE) => new OidcTokens({ issuer: provider.issuer, audience, roleClaim: 'groups' }, clock);

  it('accepts the provider’s token with the role from its claim and the preferred user name', async () => {
    const token = await provider.sign({ groups: ['operator'], preferred_username: 'olga@example.org' }, nowS());
    expect(await sut().verify(token)).toEqual({ ok: true, name: 'olga@example.org', role: 'operator', expiresAt: (nowS() + 300) * 1000 });
  });

  it('refuses a token naming no role, for another audience, or expired by the injected clock', async () => {
    const tokens = sut();
    expect(await tokens.verify(await provider.sign({ groups: ['staff'] }, nowS()))).toMatchObject({ ok: false, reason: 'no-role' });
    expect(await tokens.verify(await provider.sign({ groups: ['admin'] }, nowS(), { audience: 'someone-else' }))).toMatchObject({ ok: false, reason: 'invalid' });
    const token = await provider.sign({ groups: ['admin'] }, nowS());
    clock.advance(301_000);
    expect(await tokens.verify(token)).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('refuses an HMAC token keyed with the provider’s public key (no algorithm confusion)', async () => {
    const { SignJWT } = await loadJose();
    const key = Buffer.from(JSON.stringify(provider.jwk));
    const forged = await new SignJWT({ groups: ['admin'] }).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).setIssuer(provider.issuer).setAudience(AUDIENCE).setSubject('x').setIssuedAt(nowS()).setExpirationTime(nowS() + 60).sign(key);
    expect(await sut().verify(forged)).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('refuses everything when the discovery document names another issuer', async () => {
    const liar = await startProvider({ claimedIssuer: () => 'https://elsewhere.example' });
    try {
      const tokens = new OidcTokens({ issuer: liar.issuer, audience: AUDIENCE, roleClaim: 'groups' }, clock);
      expect(await tokens.verify(await liar.sign({ groups: ['admin'] }, nowS()))).toMatchObject({ ok: false, reason: 'invalid', detail: expect.stringContaining('elsewhere') });
    } finally {
      await liar.close();
    }
  });
});
