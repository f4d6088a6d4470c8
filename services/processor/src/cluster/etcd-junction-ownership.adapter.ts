/**
 * Junction ownership by leases in etcd (docs/cluster.md). The instance holds one lease (TTL CLUSTER_LEASE_TTL_S,
 * kept alive by the client) and registers itself under `members/` with it. Once a second it reads the members and the
 * `owners/` keys and reconciles (ownership-reconciler.ts): it creates the ownership keys rendezvous hashing gives it
 * (only when free: `Create == 0` in a transaction), bound to its lease, and deletes those it should no longer hold.
 * The epoch of a junction is the etcd revision that created its key: it only grows, so controllers can fence. When the
 * instance dies its lease expires and etcd deletes its keys; the survivors create them on their next round.
 * Locally, ownership ends before etcd could hand the junction to another: once the last keep-alive is older than the
 * TTL minus a margin, owns() answers false.
 */
import type { Etcd3, Lease } from 'etcd3';
import { Subject, type Observable } from 'rxjs';
import type { Clock } from '../clock/clock';
import { createLogger } from '../logging/logger';
import type { JunctionOwnership, OwnershipStatus } from './junction-ownership';
import { reconcileOwnership } from './ownership-reconciler';

const log = createLogger('cluster');

export interface EtcdOwnershipOptions {
  etcdUrls: string[];
  instanceId: string;
  leaseTtlS: number;
  /** The junctions to partition (the network model's intersections). */
  junctionIds: () => readonly string[];
  clock: Clock;
  /** Key prefix, so several deployments can share one etcd. */
  prefix?: string;
  reconcileMs?: number;
  /** What the member key says about this instance (e.g. its HTTP URL), for operators. */
  advertise?: Record<string, string>;
}

/** Ownership is given up locally this long before the lease could expire in etcd. */
const SAFETY_MARGIN_MS = 1500;
/** Transactions in flight at once when acquiring or releasing many junctions. */
const CONCURRENCY = 32;

export class EtcdJunctionOwnership implements JunctionOwnership {
  // Set by start(): etcd3 and gRPC (~10 MB of heap, ~7 MB of RSS) load only in an instance that joins a cluster.
  private clientOrUndefined: Etcd3 | undefined;
  private readonly prefix: string;
  private lease: Lease | undefined;
  private leaseId: string | undefined;
  private leaseAliveSince: number | undefined;
  private lastKeepAliveMs = 0;
  private readonly owned = new Map<string, number>();
  private peers: string[] = [];
  private handovers = 0;
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly acquired = new Subject<string>();
  readonly acquired$: Observable<string> = this.acquired.asObservable();

  constructor(private readonly options: EtcdOwnershipOptions) {
    this.prefix = `${options.prefix ?? 'arterial/cluster'}/`;
  }

  /** Registers and runs the first round; resolves even when etcd is away (the loop keeps trying). */
  async start(): Promise<void> {
    const { Etcd3: Client } = await import('etcd3');
    this.clientOrUndefined = new Client({ hosts: this.options.etcdUrls });
    await this.tick();
    this.timer = setInterval(() => void this.tick(), this.options.reconcileMs ?? 1000);
    this.timer.unref();
  }

  owns(intersectionId: string): boolean {
    return this.owned.has(intersectionId) && this.leaseAlive();
  }

  epochOf(intersectionId: string): number | undefined {
    return this.owns(intersectionId) ? this.owned.get(intersectionId) : undefined;
  }

  status(): OwnershipStatus {
    const alive = this.leaseAlive();
    return { mode: 'etcd', instanceId: this.options.instanceId, peers: [...this.peers], ownedJunctions: alive ? this.owned.size : 0, leaseAlive: alive, handovers: this.handovers };
  }

  /** Stops planning at once, then revokes the lease: etcd deletes our keys and the peers take over without waiting for the TTL. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.owned.clear();
    // A round still running may take a junction after the clear above; owns() answers false once stopped anyway.
    await this.round.catch(() => undefined);
    this.owned.clear();
    try {
      await this.lease?.revoke();
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'lease not revoked; it expires after its TTL');
    }
    this.clientOrUndefined?.close();
    this.acquired.complete();
  }

  private get client(): Etcd3 {
    if (!this.clientOrUndefined) throw new Error('etcd ownership used before start()');
    return this.clientOrUndefined;
  }

  private leaseAlive(): boolean {
    return !this.stopped && this.leaseAliveSince !== undefined && this.options.clock.now() - this.lastKeepAliveMs < this.options.leaseTtlS * 1000 - SAFETY_MARGIN_MS;
  }

  /** Rounds never overlap: a slow etcd delays the next one instead of racing it. */
  private tick(): Promise<void> {
    this.round = this.round.then(() => this.reconcile()).catch((err: unknown) => log.warn({ err: (err as Error).message }, 'ownership round failed'));
    return this.round;
  }

  private async reconcile(): Promise<void> {
    if (this.stopped) return;
    if (!this.leaseAlive()) await this.register();
    if (!this.leaseId) return;
    const [members, owners] = await Promise.all([this.client.getAll().prefix(`${this.prefix}members/`).keys(), this.client.getAll().prefix(`${this.prefix}owners/`).exec()]);
    this.peers = members.map((k) => k.slice(`${this.prefix}members/`.length)).sort();
    const holders = new Map<string, string>();
    for (const kv of owners.kvs) {
      const junctionId = kv.key.toString().slice(`${this.prefix}owners/`.length);
      const holder = kv.value.toString();
      holders.set(junctionId, holder);
      // A key that is ours in etcd (e.g. acquired by a round whose answer was lost) is ours locally too.
      if (holder === this.options.instanceId && kv.lease === this.leaseId && !this.owned.has(junctionId)) this.take(junctionId, Number(kv.create_revision));
    }
    for (const junctionId of [...this.owned.keys()]) {
      if (holders.get(junctionId) !== this.options.instanceId) this.lose(junctionId, 'key gone');
    }
    const round = reconcileOwnership(this.options.instanceId, this.peers, this.options.junctionIds(), holders);
    await inBatches(round.release, (junctionId) => this.release(junctionId));
    await inBatches(round.acquire, (junctionId) => this.acquire(junctionId));
  }

  /** A new lease and member key; everything owned under the old lease is gone (etcd deleted or will delete it). */
  private async register(): Promise<void> {
    for (const junctionId of [...this.owned.keys()]) this.lose(junctionId, 'lease lost');
    this.leaseId = undefined;
    this.leaseAliveSince = undefined;
    const previous = this.lease;
    this.lease = undefined;
    previous?.release();
    const lease = this.client.lease(this.options.leaseTtlS, { autoKeepAlive: true });
    lease.on('lost', (err) => {
      log.warn({ err: err.message }, 'cluster lease lost; junctions released until re-registered');
      this.leaseAliveSince = undefined;
    });
    lease.on('keepaliveSucceeded', () => {
      this.lastKeepAliveMs = this.options.clock.now();
    });
    const grantedAt = this.options.clock.now();
    const leaseId = await lease.grant();
    this.lease = lease;
    this.leaseId = leaseId;
    this.lastKeepAliveMs = grantedAt;
    this.leaseAliveSince = grantedAt;
    await lease.put(`${this.prefix}members/${this.options.instanceId}`).value(JSON.stringify({ instanceId: this.options.instanceId, since: grantedAt, ...this.options.advertise }));
    log.info({ instanceId: this.options.instanceId, leaseId, ttlS: this.options.leaseTtlS }, 'joined the cluster');
  }

  private async acquire(junctionId: string): Promise<void> {
    const key = `${this.prefix}owners/${junctionId}`;
    const result = await this.client.if(key, 'Create', '==', 0).then(this.client.put(key).value(this.options.instanceId).lease(this.leaseId!)).commit();
    if (result.succeeded) this.take(junctionId, Number(result.header.revision));
  }

  private async release(junctionId: string): Promise<void> {
    // Stop sending first, then free the key for its new owner.
    this.lose(junctionId, 'rebalanced');
    const key = `${this.prefix}owners/${junctionId}`;
    await this.client.if(key, 'Value', '==', this.options.instanceId).then(this.client.delete().key(key)).commit();
  }

  private take(junctionId: string, epoch: number): void {
    this.owned.set(junctionId, epoch);
    this.handovers += 1;
    log.info({ junctionId, epoch }, 'junction acquired');
    this.acquired.next(junctionId);
  }

  private lose(junctionId: string, why: string): void {
    if (!this.owned.delete(junctionId)) return;
    this.handovers += 1;
    log.info({ junctionId, why }, 'junction released');
  }
}

async function inBatches(items: readonly string[], run: (item: string) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += CONCURRENCY) await Promise.all(items.slice(i, i + CONCURRENCY).map(run));
}
