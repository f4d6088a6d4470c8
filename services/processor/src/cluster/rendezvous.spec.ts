import { rendezvousOwner, weight } from './rendezvous';
import { reconcileOwnership } from './ownership-reconciler';

const JUNCTIONS = Array.from({ length: 3000 }, (_, i) => `J-${i}`);

describe(rendezvousOwner.name, () => {
  it('spreads junctions evenly and is independent of member order', () => {
    const members = ['a', 'b', 'c'];
    const counts = new Map<string, number>();
    for (const j of JUNCTIONS) {
      const owner = rendezvousOwner(j, members)!;
      expect(rendezvousOwner(j, ['c', 'a', 'b'])).toBe(owner);
      counts.set(owner, (counts.get(owner) ?? 0) + 1);
    }
    for (const m of members) expect(counts.get(m)).toBeGreaterThan(900);
    expect(rendezvousOwner('J-1', [])).toBeUndefined();
  });

  it('moves only the junctions of a member that leaves', () => {
    const moved = JUNCTIONS.filter((j) => rendezvousOwner(j, ['a', 'b', 'c']) !== rendezvousOwner(j, ['a', 'b']));
    expect(moved.every((j) => rendezvousOwner(j, ['a', 'b', 'c']) === 'c')).toBe(true);
  });

  it('weighs in 32 bits', () => {
    expect(weight('a', 'J-1')).toBe(weight('a', 'J-1'));
    expect(weight('a', 'J-1')).not.toBe(weight('b', 'J-1'));
    expect(weight('a', 'J-1')).toBeLessThan(2 ** 32);
  });
});

describe(reconcileOwnership.name, () => {
  const members = ['a', 'b'];
  const mine = JUNCTIONS.slice(0, 50).filter((j) => rendezvousOwner(j, members) === 'a');
  const theirs = JUNCTIONS.slice(0, 50).filter((j) => rendezvousOwner(j, members) === 'b');

  it('acquires its free junctions and leaves those another holds', () => {
    const held = new Map([[mine[0]!, 'b']]);
    const sut = reconcileOwnership('a', members, JUNCTIONS.slice(0, 50), held);
    expect(sut.acquire).toEqual(mine.slice(1));
    expect(sut.release).toEqual([]);
  });

  it('releases what it holds but should not, and everything once it is no member', () => {
    const held = new Map([[theirs[0]!, 'a'], [mine[0]!, 'a']]);
    expect(reconcileOwnership('a', members, JUNCTIONS.slice(0, 50), held).release).toEqual([theirs[0]]);
    expect(reconcileOwnership('a', ['b'], JUNCTIONS.slice(0, 50), held)).toEqual({ acquire: [], release: [mine[0], theirs[0]].sort((x, y) => JUNCTIONS.indexOf(x!) - JUNCTIONS.indexOf(y!)) });
  });
});
