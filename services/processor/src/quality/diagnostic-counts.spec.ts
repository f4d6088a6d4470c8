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

  it('sums the entropy in bin order to the same bits as a scan of every bin', () => {
    // counts spread over all 32 words of the bin bitmap, bit 31 of a word included, some bins emptied again
    const counts = new DiagnosticCounts();
    const bins = new Map<number, number>();
    const samples: SampleFacts[] = [];
    for (let i = 0; i < 3000; i++) samples.push(facts(i, (i * 7919) % 1001));
    for (const f of samples) counts.add(f);
    for (const f of samples.slice(0, 1200)) counts.remove(f);
    for (const f of samples.slice(1200)) bins.set(f.occupancyBin, (bins.get(f.occupancyBin) ?? 0) + 1);
    const n = samples.length - 1200;
    let expected = 0;
    for (let b = 0; b <= 1000; b++) {
      const c = bins.get(b) ?? 0;
      if (c === 0) continue;
      const p = c / n;
      expected -= p * Math.log2(p);
    }
    expect(counts.occupancyEntropyBits()).toBe(expected);
    expect(bins.has(31) || bins.has(63) || bins.has(1000)).toBe(true);
  });
});
