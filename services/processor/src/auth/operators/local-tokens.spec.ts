import { ManualClock } from '../../clock/clock';
import { loadJose } from './jose.loader';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, LocalTokens } from './local-tokens';

const KEY = Buffer.from('local-tokens-spec-key-0123456789abcdef');
const T0 = 1_700_000_000_000;

describe(LocalTokens.name, () => {
  let clock: ManualClock;
  let sut: LocalTokens;

  beforeEach(() => {
    clock = new ManualClock(T0);
    sut = new LocalTokens(KEY, 900, clock);
  });

  /** A token signed with any key, header and claims, to try what an attacker could send. */
  const forge = async (options: { key?: Uint8Array; alg?: string; claims?: Record<string, unknown>; iss?: string; aud?: string } = {}) => {
    const { SignJWT } = await loadJose();
    const iat = Math.floor(clock.now() / 1000);
    return new SignJWT({ role: 'admin', ...options.claims })
      .setProtectedHeader({ alg: options.alg ?? 'HS256' })
      .setSubject('mallory')
      .setIssuer(options.iss ?? LOCAL_ISSUER)
      .setAudience(options.aud ?? LOCAL_AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(iat + 600)
      .setJti('j1')
      .sign(options.key ?? KEY);
  };

  it('issues a token that verifies with its name, role and expiry', async () => {
    const issued = await sut.issue('oscar', 'operator');
    expect(issued.expiresAt).toBe(T0 + 900_000);
    expect(await sut.verify(issued.token)).toEqual({ ok: true, name: 'oscar', role: 'operator', expiresAt: T0 + 900_000 });
    const { decodeJwt, decodeProtectedHeader } = await loadJose();
    expect(decodeProtectedHeader(issued.token).alg).toBe('HS256');
    expect(decodeJwt(issued.token)).toMatchObject({ sub: 'oscar', role: 'operator', iss: LOCAL_ISSUER, aud: LOCAL_AUDIENCE, jti: expect.any(String) });
  });

  it('stops accepting a token at its expiry, by the injected clock', async () => {
    const { token } = await sut.issue('oscar', 'operator');
    clock.advance(899_000);
    expect((await sut.verify(token)).ok).toBe(true);
    clock.advance(1_000);
    expect(await sut.verify(token)).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('refuses a token signed with another key', async () => {
    const other = new LocalTokens(Buffer.from('another-key-of-enough-length-0000000000'), 900, clock);
    expect(await sut.verify((await other.issue('oscar', 'admin')).token)).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('refuses alg none and an algorithm switch, even with our key', async () => {
    const claims = { sub: 'mallory', role: 'admin', iss: LOCAL_ISSUER, aud: LOCAL_AUDIENCE, iat: T0 / 1000, exp: T0 / 1000 + 600, jti: 'x' };
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    expect(await sut.verify(none)).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await sut.verify(await forge({ alg: 'HS512' }))).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('refuses another issuer or audience, an unknown role and a tampered payload', async () => {
    expect(await sut.verify(await forge({ iss: 'someone-else' }))).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await sut.verify(await forge({ aud: 'another-api' }))).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await sut.verify(await forge({ claims: { role: 'root' } }))).toMatchObject({ ok: false, reason: 'invalid', detail: 'claims' });
    const [header, , signature] = (await sut.issue('vera', 'viewer')).token.split('.');
    const promoted = Buffer.from(JSON.stringify({ sub: 'vera', role: 'admin', iss: LOCAL_ISSUER, aud: LOCAL_AUDIENCE, iat: T0 / 1000, exp: T0 / 1000 + 900, jti: 'x' })).toString('base64url');
    expect(await sut.verify(`${header}.${promoted}.${signature}`)).toMatchObject({ ok: false, reason: 'invalid' });
  });
});
