/**
 * Who may connect to the embedded broker and what each connection may do: credentials checked against the
 * registry (re-read when its file changes), topic rules from device-acl.ts, per-device payload-size and rate
 * limits. Knows nothing of aedes: the broker adapter asks, this answers.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../clock/clock';
import { mayPublish, maySubscribe, type Actor } from './device-acl';
import { activeDevice, type RegistryDocument } from './device-registry';
import type { DeviceRegistryFile } from './device-registry.file';
import { verifySecret, type ScryptHash } from './device-secret.hashing';
import { TokenBucket } from './token-bucket';

export interface DeviceLimits {
  /** Largest PUBLISH payload a device may send, bytes. */
  maxPayloadBytes: number;
  /** Sustained messages per second per device; a gateway gets this per device it owns. */
  ratePerS: number;
  /** Messages a device may send at once above the sustained rate (per owned device for a gateway). */
  burst: number;
}

/** Open sessions of a revoked device end within this long (CONNECTs always read the file afresh). */
const REGISTRY_RECHECK_MS = 1000;

export const DEFAULT_DEVICE_LIMITS: DeviceLimits = { maxPayloadBytes: 64 * 1024, ratePerS: 20, burst: 100 };

export type RefusalReason = 'unauthorised' | 'oversize' | 'rate-limited';
export type AccessDecision = { allowed: true } | { allowed: false; reason: RefusalReason; detail: string };

/** The identity a connection proved at CONNECT: a registry device, or nobody (anonymous mode only). */
export type ConnectionIdentity = { kind: 'device'; actor: Actor } | { kind: 'anonymous' };

export type AuthenticateResult = { ok: true; identity: ConnectionIdentity } | { ok: false; detail: string };

export interface Credentials {
  username: string | undefined;
  password: Buffer | undefined;
  /** Common name of a verified client certificate (mutual TLS), which names the device. */
  certificateName?: string | undefined;
}

const ALLOWED: AccessDecision = { allowed: true };
const UNAUTHENTICATED: AccessDecision = { allowed: false, reason: 'unauthorised', detail: 'connection did not authenticate' };

function digest(password: Buffer): Buffer {
  return createHash('sha256').update(password).digest();
}

export class DeviceAccessPolicy {
  private readonly buckets = new Map<string, TokenBucket>();
  /** name → (stored hash, sha256 of the password that matched it): reconnects skip the deliberately slow scrypt. */
  private readonly verified = new Map<string, { storedHash: string; passwordDigest: Buffer }>();
  private readonly pending = new Map<string, Promise<boolean>>();
  private checked: { at: number; doc: RegistryDocument } | undefined;

  constructor(
    private readonly registry: DeviceRegistryFile,
    /** MQTT_ALLOW_ANONYMOUS: clients without credentials may do anything; clients with credentials are still checked. */
    private readonly allowAnonymous: boolean,
    private readonly limits: DeviceLimits,
    private readonly clock: Clock,
  ) {}

  get mode(): 'registry' | 'anonymous' {
    return this.allowAnonymous ? 'anonymous' : 'registry';
  }

  /** For the start-up log: where the registry is and how many devices may connect now. */
  registrySummary(): { file: string; activeDevices: number; error: string | undefined } {
    const doc = this.registry.current();
    return { file: this.registry.file, activeDevices: doc.devices.filter((d) => d.revokedAt === null).length, error: this.registry.lastError };
  }

  async authenticate(credentials: Credentials): Promise<AuthenticateResult> {
    const { username, password, certificateName } = credentials;
    if (username === undefined && certificateName === undefined) {
      return this.allowAnonymous ? { ok: true, identity: { kind: 'anonymous' } } : { ok: false, detail: 'anonymous connection refused (no username)' };
    }
    if (username !== undefined && certificateName !== undefined && username !== certificateName) {
      return { ok: false, detail: `username ${username} differs from the certificate's common name ${certificateName}` };
    }
    const name = username ?? certificateName ?? '';
    const registry = this.registry.current();
    this.checked = { at: this.clock.now(), doc: registry };
    const device = activeDevice(registry, name);
    if (!device?.secret) return { ok: false, detail: `unknown or revoked device ${name}` };
    const actor: Actor = { name: device.name, role: device.role, owns: device.owns };
    // A verified certificate is the credential; a password, when also given, must still be right.
    if (certificateName !== undefined && password === undefined) return { ok: true, identity: { kind: 'device', actor } };
    if (password === undefined) return { ok: false, detail: `no password for device ${name}` };
    if (!(await this.passwordMatches(name, device.secret, password))) return { ok: false, detail: `wrong secret for device ${name}` };
    return { ok: true, identity: { kind: 'device', actor } };
  }

  private async passwordMatches(name: string, stored: ScryptHash, password: Buffer): Promise<boolean> {
    const passwordDigest = digest(password);
    const known = this.verified.get(name);
    if (known && known.storedHash === stored.hash) return timingSafeEqual(known.passwordDigest, passwordDigest);
    // A gateway opens one connection per controller at once: one scrypt for them all, not one each.
    const key = `${name}\n${stored.hash}\n${passwordDigest.toString('base64')}`;
    let pending = this.pending.get(key);
    if (!pending) {
      pending = verifySecret(password.toString('utf8'), stored).then((ok) => {
        this.pending.delete(key);
        if (ok) this.verified.set(name, { storedHash: stored.hash, passwordDigest });
        return ok;
      });
      this.pending.set(key, pending);
    }
    return pending;
  }

  /**
   * Whether a connection's device is still in the registry, as it was at CONNECT: a revoked device loses its open
   * sessions at its next PUBLISH or SUBSCRIBE (within REGISTRY_RECHECK_MS of the revocation), without a restart.
   */
  stillValid(identity: ConnectionIdentity): boolean {
    if (identity.kind === 'anonymous') return true;
    const device = activeDevice(this.recentRegistry(), identity.actor.name);
    return device !== undefined && device.role === identity.actor.role;
  }

  /** `identity` undefined: a connection the broker has no record of authenticating; refused. */
  authorisePublish(identity: ConnectionIdentity | undefined, topic: string, payloadBytes: number): AccessDecision {
    if (!identity) return UNAUTHENTICATED;
    if (identity.kind === 'anonymous') return ALLOWED;
    const { actor } = identity;
    if (!this.stillValid(identity)) return { allowed: false, reason: 'unauthorised', detail: `device ${actor.name} was revoked` };
    const rule = mayPublish(actor, topic);
    if (!rule.allowed) return { allowed: false, reason: 'unauthorised', detail: rule.why };
    if (payloadBytes > this.limits.maxPayloadBytes) {
      return { allowed: false, reason: 'oversize', detail: `payload of ${payloadBytes} bytes exceeds the device limit of ${this.limits.maxPayloadBytes}` };
    }
    if (!this.bucketOf(actor).take(this.clock.now())) {
      return { allowed: false, reason: 'rate-limited', detail: `device ${actor.name} exceeds ${this.rateOf(actor)} messages/s` };
    }
    return ALLOWED;
  }

  /** The will's topic is checked at CONNECT (without spending a rate token) and again when the broker sends it. */
  authoriseWill(identity: ConnectionIdentity, topic: string): AccessDecision {
    if (identity.kind === 'anonymous') return ALLOWED;
    const rule = mayPublish(identity.actor, topic);
    return rule.allowed ? ALLOWED : { allowed: false, reason: 'unauthorised', detail: `will: ${rule.why}` };
  }

  authoriseSubscribe(identity: ConnectionIdentity | undefined, filter: string): AccessDecision {
    if (!identity) return UNAUTHENTICATED;
    if (identity.kind === 'anonymous') return ALLOWED;
    if (!this.stillValid(identity)) return { allowed: false, reason: 'unauthorised', detail: `device ${identity.actor.name} was revoked` };
    const rule = maySubscribe(identity.actor, filter);
    return rule.allowed ? ALLOWED : { allowed: false, reason: 'unauthorised', detail: rule.why };
  }

  /** The registry as checked within the last REGISTRY_RECHECK_MS: one stat per second, not one per message. */
  private recentRegistry(): RegistryDocument {
    const now = this.clock.now();
    if (!this.checked || now - this.checked.at >= REGISTRY_RECHECK_MS || now < this.checked.at) this.checked = { at: now, doc: this.registry.current() };
    return this.checked.doc;
  }

  private rateOf(actor: Actor): number {
    return this.limits.ratePerS * Math.max(1, actor.owns.length);
  }

  private bucketOf(actor: Actor): TokenBucket {
    let bucket = this.buckets.get(actor.name);
    if (!bucket) {
      bucket = new TokenBucket(this.rateOf(actor), this.limits.burst * Math.max(1, actor.owns.length), this.clock.now());
      this.buckets.set(actor.name, bucket);
    }
    return bucket;
  }
}
