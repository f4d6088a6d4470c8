import { BACKWARD_WAVE_KPH, flowAtDensityVps, fundamentalDiagramOf, JAM_SPACING_M } from './fundamental-diagram';

describe(fundamentalDiagramOf.name, () => {
  const sut = fundamentalDiagramOf({ lanes: 3, speedLimitKph: 50, capacityVph: 5400 });

  it('takes free speed from the limit, capacity from the link and jam density from 7 m per lane', () => {
    expect(sut.freeSpeedMps * 3.6).toBeCloseTo(47.5);
    expect(sut.capacityVps * 3600).toBeCloseTo(5400);
    expect(sut.jamDensityVpm).toBeCloseTo(3 / JAM_SPACING_M);
    expect(sut.backwardWaveMps * 3.6).toBe(BACKWARD_WAVE_KPH);
  });

  it('keeps flow within 0 and capacity, zero when empty or jammed, and less with lanes closed', () => {
    const jam = sut.jamDensityVpm;
    expect(flowAtDensityVps(sut, 0)).toBe(0);
    expect(flowAtDensityVps(sut, jam)).toBe(0);
    let peak = 0;
    for (let k = 0; k <= jam; k += jam / 200) {
      const q = flowAtDensityVps(sut, k);
      expect(q).toBeGreaterThanOrEqual(0);
      expect(q).toBeLessThanOrEqual(sut.capacityVps + 1e-12);
      expect(q).toBeLessThanOrEqual(sut.freeSpeedMps * k + 1e-12);
      peak = Math.max(peak, q);
      expect(flowAtDensityVps(sut, k, 1 / 3)).toBeLessThanOrEqual(q + 1e-12);
    }
    // Near-triangular: the capacity is (almost) reached at the meeting point of the two branches.
    expect(peak).toBeGreaterThan(0.95 * sut.capacityVps);
  });
});
