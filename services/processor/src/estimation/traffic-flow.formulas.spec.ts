import {
  densityVpkm,
  densityVpkmFromOccupancy,
  effectiveLengthM,
  flowVphFromVolume,
  flowWeightedHarmonicMeanKph,
  speedKphFromFlowOccupancy,
  travelTimeS,
} from './traffic-flow.formulas';

describe('traffic-flow formulas', () => {
  it('turns an interval count into an hourly flow', () => {
    expect(flowVphFromVolume(10, 60)).toBe(600);
    expect(flowVphFromVolume(3, 20)).toBe(540);
  });

  it('estimates speed from flow and occupancy with the effective vehicle length, and back', () => {
    // 720 veh/h = 0.2 veh/s, g = 6 m, o = 10 %: v = 0.2 · 6 / 0.1 = 12 m/s = 43.2 km/h
    expect(speedKphFromFlowOccupancy(720, 10, 6)).toBeCloseTo(43.2, 9);
    expect(effectiveLengthM(720, 10, 43.2)).toBeCloseTo(6, 9);
    expect(speedKphFromFlowOccupancy(720, 0, 6)).toBeNull();
    expect(effectiveLengthM(0, 10, 40)).toBeNull();
  });

  it('derives density and travel time', () => {
    expect(densityVpkm(900, 30)).toBe(30);
    expect(densityVpkm(900, 0)).toBeNull();
    expect(densityVpkmFromOccupancy(60, 6)).toBeCloseTo(100, 9);
    expect(travelTimeS(500, 36)).toBeCloseTo(50, 9);
    expect(travelTimeS(500, 0)).toBeNull();
  });

  it('averages speeds harmonically, weighted by flow', () => {
    // 600 veh/h at 60 km/h and 600 veh/h at 20 km/h: 1200 / (10 + 30) = 30 km/h, not the arithmetic 40
    expect(flowWeightedHarmonicMeanKph([{ flowVph: 600, speedKph: 60 }, { flowVph: 600, speedKph: 20 }])).toBeCloseTo(30, 9);
    expect(flowWeightedHarmonicMeanKph([{ flowVph: 0, speedKph: 50 }])).toBeNull();
  });
});
