/**
 * Rendezvous (highest-random-weight) hashing: each junction goes to the member with the highest hash of
 * (member, junction). Every instance computes the same answer from the same member list, and when a member
 * leaves or joins only the junctions it held (or wins) move: about 1/N of them.
 */

/** 32-bit FNV-1a of the text, then a murmur3 finaliser so close strings spread over the whole range. */
export function weight(member: string, junctionId: string): number {
  let h = 0x811c9dc5;
  const text = `${member}\u0000${junctionId}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The member that should own the junction; ties (vanishingly rare) go to the smaller id. Undefined without members. */
export function rendezvousOwner(junctionId: string, members: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestWeight = -1;
  for (const member of members) {
    const w = weight(member, junctionId);
    if (w > bestWeight || (w === bestWeight && best !== undefined && member < best)) {
      best = member;
      bestWeight = w;
    }
  }
  return best;
}
