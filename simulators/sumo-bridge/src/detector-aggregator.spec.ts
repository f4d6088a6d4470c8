import { LoopAggregator } from './detector-aggregator';

describe(LoopAggregator.name, () => {
  it('counts each vehicle once while it stays on the loop, averages occupancy and weights speed', () => {
    const sut = new LoopAggregator();
    sut.addStep({ vehicleIds: ['a'], occupancyPct: 100, meanSpeedMps: 10 });
    sut.addStep({ vehicleIds: ['a', 'b'], occupancyPct: 50, meanSpeedMps: 5 });
    sut.addStep({ vehicleIds: [], occupancyPct: 0, meanSpeedMps: -1 });
    sut.addStep({ vehicleIds: ['a'], occupancyPct: 30, meanSpeedMps: 10 });
    // a, b, then a again after leaving: 3 passages. Speed: (10*1 + 5*2 + 10*1) / 4 m/s = 7.5 m/s = 27 km/h.
    expect(sut.flush()).toEqual({ volume: 3, occupancyPct: 45, speedKph: 27 });
  });

  it('omits speed when nothing passed and does not recount a vehicle across intervals', () => {
    const sut = new LoopAggregator();
    sut.addStep({ vehicleIds: ['a'], occupancyPct: 100, meanSpeedMps: 0 });
    sut.flush();
    sut.addStep({ vehicleIds: ['a'], occupancyPct: 100, meanSpeedMps: 0 });
    expect(sut.flush()).toEqual({ volume: 0, occupancyPct: 100, speedKph: 0 });
    expect(sut.flush()).toEqual({ volume: 0, occupancyPct: 0 });
  });
});
