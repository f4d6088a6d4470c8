import { congestionLevel } from './congestion-level';

describe(congestionLevel.name, () => {
  it('maps speed to the GB/T 33171-2016 level of the road class', () => {
    expect([45, 40, 30, 20, 15, 3].map((v) => congestionLevel(v, 'arterial'))).toEqual([1, 2, 3, 4, 5, 5]);
    expect([70, 60, 40, 25, 20].map((v) => congestionLevel(v, 'expressway'))).toEqual([1, 2, 3, 4, 5]);
    expect([36, 30, 20, 12, 10].map((v) => congestionLevel(v, 'secondary'))).toEqual([1, 2, 3, 4, 5]);
    expect(congestionLevel(NaN, 'arterial')).toBeUndefined();
  });
});
