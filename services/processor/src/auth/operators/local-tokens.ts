/**
 * Tokens of local users: HS256 JWTs signed with the centre's key, claims `sub`, `role`, `iat`, `exp`, `jti`, with
 * a fixed issuer and audience. Verification pins the algorithm (no `none`, no algorithm switching) and reads time
 * from the injected clock.
 */
import { randomUUID } from 'node:crypto';
import { isOperatorRole, type OperatorRole } from '@arterial/contracts/api/v1';
import type { Clock } from '../../clock/clock';
import { loadJose } from './jose.loader';

export const LOCAL_ISSUER = 'arterial';
export const LOCAL_AUDIENCE = 'arterial-api';

export interface IssuedToken {
  token: string;
  expiresAt: number;
}

export type LocalVerification = { ok: true; name: string; role: OperatorRole; expiresAt: number } | { ok: false; reason: 'expired' | 'invalid'; detail: string };

export class LocalTokens {
  constructor(
    private readonly key: Uint8Array,
    private readonly ttlS: number,
    private readonly clock: Clock,
  ) {}

  async issue(name: string, role: OperatorRole): Promise<IssuedToken> {
    const { SignJWT } = await loadJose();
    const iat = Math.floor(this.clock.now() / 1000);
    const exp = iat + this.ttlS;
    const token = await new SignJWT({ role })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(name)
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .setJti(randomUUID())
      .sign(this.key);
    return { token, expiresAt: exp * 1000 };
  }

  async verify(token: string): Promise<LocalVerification> {
    const { jwtVerify, errors } = await loadJose();
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: LOCAL_ISSUER,
        audience: LOCAL_AUDIENCE,
        requiredClaims: ['sub', 'exp', 'iat', 'jti'],
        currentDate: new Date(this.clock.now()),
      });
      if (typeof payload.sub !== 'string' || !isOperatorRole(payload.role) || typeof payload.exp !== 'number') return { ok: false, reason: 'invalid', detail: 'claims' };
      return { ok: true, name: payload.sub, role: payload.role, expiresAt: payload.exp * 1000 };
    } catch (err) {
      if (err instanceof errors.JWTExpired) return { ok: false, reason: 'expired', detail: err.message };
      return { ok: false, reason: 'invalid', detail: (err as Error).message };
    }
  }
}
