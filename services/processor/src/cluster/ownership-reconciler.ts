/**
 * One reconciliation round, as a pure function: from the live members, the junctions and who holds each ownership
 * key now, what this instance must acquire (free keys it should hold) and release (keys it holds but should not).
 * A key held by another member is never taken: it is released by its holder, or expires with the holder's lease.
 */
import { rendezvousOwner } from './rendezvous';

export interface OwnershipRound {
  acquire: string[];
  release: string[];
}

export function reconcileOwnership(self: string, members: readonly string[], junctionIds: readonly string[], holders: ReadonlyMap<string, string>): OwnershipRound {
  const acquire: string[] = [];
  const release: string[] = [];
  // Not a live member (lease lost, not yet re-registered): hold nothing.
  const live = members.includes(self);
  for (const junctionId of junctionIds) {
    const holder = holders.get(junctionId);
    const wanted = live && rendezvousOwner(junctionId, members) === self;
    if (wanted && holder === undefined) acquire.push(junctionId);
    else if (!wanted && holder === self) release.push(junctionId);
  }
  return { acquire, release };
}
