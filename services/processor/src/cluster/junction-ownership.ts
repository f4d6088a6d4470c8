/**
 * Which junctions this instance controls, and under which lease epoch (docs/cluster.md). The dispatcher asks before
 * it sends a plan or command and stamps the epoch on the plan; the engine asks before it plans. A token, so a single
 * instance (no etcd) runs with SOLE_OWNERSHIP exactly as before clustering.
 */
import type { Observable } from 'rxjs';
import { EMPTY } from 'rxjs';

export interface JunctionOwnership {
  /** True while this instance may send plans and commands to the junction. */
  owns(intersectionId: string): boolean;
  /** The fencing token of the current ownership (etcd revision of its key); undefined without a cluster. */
  epochOf(intersectionId: string): number | undefined;
  /** Junctions this instance just took over (after start, a rebalance or a peer's death). */
  readonly acquired$: Observable<string>;
  status(): OwnershipStatus;
}

/** What /api/health and /metrics report about the cluster. */
export interface OwnershipStatus {
  mode: 'single' | 'etcd';
  instanceId: string;
  /** Live members (instance ids), this one included, sorted. */
  peers: string[];
  /** Junctions this instance owns now. */
  ownedJunctions: number;
  /** True while this instance's lease in etcd is known alive (always true in single mode). */
  leaseAlive: boolean;
  /** Ownership changes (acquired or lost) since start. */
  handovers: number;
}

export const JUNCTION_OWNERSHIP = Symbol('JUNCTION_OWNERSHIP');

/** One instance, no etcd: it owns every junction and plans carry no epoch. */
export class SoleOwnership implements JunctionOwnership {
  readonly acquired$: Observable<string> = EMPTY;

  constructor(private readonly instanceId: string, private readonly junctionCount: () => number) {}

  owns(): boolean {
    return true;
  }

  epochOf(): number | undefined {
    return undefined;
  }

  status(): OwnershipStatus {
    return { mode: 'single', instanceId: this.instanceId, peers: [this.instanceId], ownedJunctions: this.junctionCount(), leaseAlive: true, handovers: 0 };
  }
}
