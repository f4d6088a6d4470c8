import { NeighbourAgreementTracker } from './neighbour-agreement.tracker';
import { DEFAULT_QUALITY_THRESHOLDS } from './quality.thresholds';

describe(NeighbourAgreementTracker.name, () => {
  const feed = (sut: NeighbourAgreementTracker, n: number, ratioOf: (i: number) => number, offset = 0) => {
    for (let i = offset; i < offset + n; i += 1) {
      const q = 400 + ((i * 53) % 400);
      sut.observe('a', q, 'b', q * ratioOf(i));
      sut.observe('a', q, 'c', q * 1.1);
    }
  };

  it('learns the typical ratio and stays quiet while neighbours track each other', () => {
    const sut = new NeighbourAgreementTracker(DEFAULT_QUALITY_THRESHOLDS);
    feed(sut, 200, () => 0.9);
    expect(['a', 'b', 'c'].map((id) => sut.disagrees(id))).toEqual([false, false, false]);
  });

  it('flags a detector whose flow departs from its neighbours by more than the factor, and does not learn the drift', () => {
    const sut = new NeighbourAgreementTracker(DEFAULT_QUALITY_THRESHOLDS);
    feed(sut, 200, () => 0.9);
    // b starts counting a third of its traffic
    feed(sut, 300, () => 0.3, 200);
    expect(sut.disagrees('b')).toBe(true);
    // a still agrees with c, so a majority clears it
    expect(sut.disagrees('a')).toBe(false);
  });

  it('does not judge before enough pairs, nor from flows too small to mean anything', () => {
    const sut = new NeighbourAgreementTracker(DEFAULT_QUALITY_THRESHOLDS);
    for (let i = 0; i < 200; i += 1) sut.observe('a', 60, 'b', 10);
    expect(sut.disagrees('b')).toBe(false);
  });
});
