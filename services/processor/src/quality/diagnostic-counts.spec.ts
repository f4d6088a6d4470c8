import { DiagnosticCounts, packFacts, unpackFacts, type SampleFacts } from './diagnostic-counts';

function facts(tsMs: number, occupancyBin: number, flags: Partial<SampleFacts> = {}): SampleFacts {
  return { tsMs, daytime: true, zeroOccupancy: false, occupiedWithoutFlow: false, stuckOnLike: false, implausible: false, reportedFailed: false, usable: true, stuckRun: false, silentRun: false, repeated: false, occupancyBin, ...flags };
}

describe('packFacts', () => {
  it('round-trips every flag and the whole bin range', () => {
    const samples = [
      facts(1, 0, { daytime: false, usable: false }),
      facts(2, 1000, { zeroOccupancy: true, occupiedWithoutFlow: true, stuckOnLike: true, implausible: true, reportedFailed: true, stuckRun: true, silentRun: true, repeated: true }),
      facts(3, 437, { stuckOnLike: true }),
    ];
    for (const f of samples) expect(unpackFacts(f.tsMs, packFacts(f))).toEqual(f);
  });
});

describe(DiagnosticCounts.name, () => {
  it('gives the same entropy after removals as counts built without the removed samples', () => {
    const rolled = new DiagnosticCounts();
    const fresh = new DiagnosticCounts();
    const early = [facts(1, 3), facts(2, 900), facts(3, 0)];
    const kept = [facts(4, 120), facts(5, 120), facts(6, 40), facts(7, 500)];
    for (const f of [...early, ...kept]) rolled.add(f);
    expect(rolled.occupancyEntropyBits()).toBeGreaterThan(0);
    for (const f of early) rolled.remove(f);
    for (const f of kept) fresh.add(f);
    expect(rolled.occupancyEntropyBits()).toBe(fresh.occupancyEntropyBits());
    rolled.add(facts(8, 999));
    fresh.add(facts(8, 999));
    expect(rolled.occupancyEntropyBits()).toBe(fresh.occupancyEntropyBits());
  });
});
