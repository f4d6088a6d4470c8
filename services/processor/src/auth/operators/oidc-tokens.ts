/**
 * Tokens of an OpenID Connect provider (OIDC_ISSUER): the discovery document names its JWKS, whose public keys
 * (fetched and cached by jose's remote key set) verify the signature; issuer and audience are checked, and the role
 * comes from a claim (OIDC_ROLE_CLAIM, a dotted path such as `realm_access.roles`): the highest Arterial role in it.
 */
import { OPERATOR_ROLES, isOperatorRole, type OperatorRole } from '@arterial/contracts/api/v1';
import type { Clock } from '../../clock/clock';
import { loadJose, type Jose, type JWTPayload } from './jose.loader';

export interface OidcSettings {
  issuer: string;
  audience: string | undefined;
  roleClaim: string;
}

export type OidcVerification = { ok: true; name: string; role: OperatorRole; expiresAt: number } | { ok: false; reason: 'expired' | 'invalid' | 'no-role'; detail: string };

/** Asymmetric algorithms only: a provider's public key must never be usable as an HMAC secret. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** The highest Arterial role named in the claim (a string, or a list of strings). */
export function roleFromClaim(payload: JWTPayload, claimPath: string): OperatorRole | undefined {
  let value: unknown = payload;
  for (const key of claimPath.split('.')) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  const names = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : [];
  const roles = names.filter(isOperatorRole);
  return roles.sort((a, b) => OPERATOR_ROLES.indexOf(b) - OPERATOR_ROLES.indexOf(a))[0];
}

export class OidcTokens {
  private keys: Promise<ReturnType<Jose['createRemoteJWKSet']>> | undefined;

  constructor(
    readonly settings: OidcSettings,
    private readonly clock: Clock,
  ) {}

  /** The provider's key set, from its discovery document; retried at the next token after a failure. */
  private keySet(): Promise<ReturnType<Jose['createRemoteJWKSet']>> {
    this.keys ??= (async () => {
      const { createRemoteJWKSet } = await loadJose();
      const url = `${this.settings.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
      const discovery = (await res.json()) as { issuer?: unknown; jwks_uri?: unknown };
      if (discovery.issuer !== this.settings.issuer) throw new Error(`${url}: issuer ${JSON.stringify(discovery.issuer)} is not ${this.settings.issuer}`);
      if (typeof discovery.jwks_uri !== 'string') throw new Error(`${url}: no jwks_uri`);
      return createRemoteJWKSet(new URL(discovery.jwks_uri));
    })().catch((err: unknown) => {
      this.keys = undefined;
      throw err;
    });
    return this.keys;
  }

  async verify(token: string): Promise<OidcVerification> {
    const { jwtVerify, errors } = await loadJose();
    try {
      const keys = await this.keySet();
      const { payload } = await jwtVerify(token, keys, {
        algorithms: ALGORITHMS,
        issuer: this.settings.issuer,
        ...(this.settings.audience !== undefined ? { audience: this.settings.audience } : {}),
        requiredClaims: ['sub', 'exp'],
        currentDate: new Date(this.clock.now()),
      });
      const role = roleFromClaim(payload, this.settings.roleClaim);
      if (!role) return { ok: false, reason: 'no-role', detail: `claim ${this.settings.roleClaim} names no role of ${OPERATOR_ROLES.join(', ')}` };
      const name = typeof payload.preferred_username === 'string' ? payload.preferred_username : (payload.sub as string);
      return { ok: true, name, role, expiresAt: (payload.exp as number) * 1000 };
    } catch (err) {
      if (err instanceof errors.JWTExpired) return { ok: false, reason: 'expired', detail: err.message };
      return { ok: false, reason: 'invalid', detail: (err as Error).message };
    }
  }
}
