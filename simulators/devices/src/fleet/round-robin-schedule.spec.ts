import { RoundRobinSchedule } from './round-robin-schedule';

describe(RoundRobinSchedule.name, () => {
  it('spreads the devices evenly over the period and cycles through them', () => {
    const sut = new RoundRobinSchedule(4, 1000);
    const seen: number[][] = [];
    for (const t of [0, 250, 500, 999, 1000, 2000]) {
      const batch: number[] = [];
      sut.advance(t, (i) => batch.push(i));
      seen.push(batch);
    }
    expect(seen).toEqual([[], [0], [1], [2], [3], [0, 1, 2, 3]]);
  });

  it('after a stall catches up at most one round and counts the rest as slipped', () => {
    const sut = new RoundRobinSchedule(2, 100);
    const sent: number[] = [];
    sut.advance(1000, (i) => sent.push(i));
    expect(sent).toEqual([0, 1]);
    expect(sut.slipped).toBe(18);
  });

  it('does nothing for no devices or a zero rate', () => {
    const visit = jest.fn();
    new RoundRobinSchedule(0, 1000).advance(5000, visit);
    new RoundRobinSchedule(3, Infinity).advance(5000, visit);
    expect(visit).not.toHaveBeenCalled();
  });
});
