import { GreenTrace } from './green-trace';

describe(GreenTrace.name, () => {
  const ending = (reason: 'max-out' | 'sumo') => () => ({ reason, occupiedLoops: 1, phaseLoops: 2 });

  it('reports each green once it ends, with its duration and why it ended', () => {
    const sut = new GreenTrace();
    expect(sut.step(10, 1, ending('max-out'))).toBeUndefined();
    expect(sut.step(11, 1, ending('max-out'))).toBeUndefined();
    expect(sut.step(12, 1, ending('max-out'))).toBeUndefined();
    expect(sut.step(13, undefined, ending('max-out'))).toEqual({ phaseId: 1, startS: 10, endS: 12, durationS: 3, reason: 'max-out', occupiedLoops: 1, phaseLoops: 2 });
    expect(sut.step(14, undefined, ending('max-out'))).toBeUndefined();
  });

  it('says gap-out when the bridge ended the green, and starts the next green when one follows directly', () => {
    const sut = new GreenTrace();
    sut.step(0, 2, ending('sumo'));
    sut.markGapOut();
    expect(sut.step(1, 3, ending('sumo'))).toMatchObject({ phaseId: 2, durationS: 1, reason: 'gap-out' });
    expect(sut.step(2, undefined, ending('sumo'))).toMatchObject({ phaseId: 3, startS: 1, reason: 'sumo' });
  });

  it('forgets the open green when a command takes over', () => {
    const sut = new GreenTrace();
    sut.step(0, 1, ending('sumo'));
    sut.reset();
    expect(sut.step(1, undefined, ending('sumo'))).toBeUndefined();
  });
});
