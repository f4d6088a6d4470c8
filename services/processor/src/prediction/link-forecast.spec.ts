import { linkForecast } from './link-forecast';

describe(linkForecast.name, () => {
  it('averages the detectors of each link per horizon, skipping missing forecasts', () => {
    const f = {
      point: new Float32Array([10, 20, NaN, 1, 2, 3, 4, 5]),
      lower: new Float32Array([8, 18, 0, 0, 0, 0, 0, 0]),
      upper: new Float32Array([12, 22, 0, 2, 3, 4, 5, 6]),
    };
    const sut = linkForecast(f, ['L2', 'L2', 'L1', undefined], 2);
    expect(sut.linkIds).toEqual(['L1', 'L2']);
    expect(Array.from(sut.point)).toEqual([NaN, 15, 4, 2.5]);
    expect(Array.from(sut.lower)).toEqual([NaN, 13, 0, 0]);
  });
});
