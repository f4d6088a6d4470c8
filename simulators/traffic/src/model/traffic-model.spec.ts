import { detectorsOf, intersectionsOf, validatePayload, type NetworkModel } from '@arterial/contracts';
import { VirtualController } from '../controller/virtual-controller';
import { demoNetwork } from '../network/demo-network';
import { TrafficModel, type DueMeasurement, type SignalView } from './traffic-model';

/** 2025-03-03 is a Monday; hours are China Standard Time (UTC+8). */
const localTime = (hour: number): number => Date.UTC(2025, 2, 3, hour - 8, 0, 0);

function signalsOf(network: NetworkModel): SignalView {
  const controllers = new Map(intersectionsOf(network).map((f) => [f.properties.id, new VirtualController(f.properties)]));
  return { phaseStateAt: (id, phase, tMs) => controllers.get(id)!.phaseStateAt(phase, tMs) };
}

function run(network: NetworkModel, seed: number, fromMs: number, seconds: number): DueMeasurement[] {
  const sut = new TrafficModel(network, { seed });
  const signals = signalsOf(network);
  const out: DueMeasurement[] = [];
  for (let t = fromMs + 1000; t <= fromMs + seconds * 1000; t += 1000) {
    sut.step(t, signals);
    out.push(...sut.reportsDue(t));
  }
  return out;
}

const total = (ms: DueMeasurement[], placement?: string): number =>
  ms.filter((m) => !placement || m.detectorId.endsWith(placement === 'stop-bar' ? '-S' : '-A')).reduce((s, m) => s + m.measurement.volume, 0);

describe(TrafficModel.name, () => {
  const network = demoNetwork();
  let amPeak: DueMeasurement[];
  let night: DueMeasurement[];

  beforeAll(() => {
    amPeak = run(network, 42, localTime(8), 1800);
    night = run(network, 42, localTime(3), 1800);
  });

  it('gives identical output for the same seed and different output for another', () => {
    expect(run(network, 42, localTime(8), 300)).toEqual(amPeak.filter((m) => m.measurement.ts <= localTime(8) + 300_000));
    expect(run(network, 43, localTime(8), 300)).not.toEqual(run(network, 42, localTime(8), 300));
  });

  it('reports every detector once per interval, with seq from 0 and ts at the end of the interval', () => {
    const detectors = detectorsOf(network).length;
    // 1800 s of 10 s intervals; the first interval starts with the run, so all are whole.
    expect(amPeak).toHaveLength(detectors * 180);
    const first = amPeak.filter((m) => m.detectorId === 'XA-D4-N-S').slice(0, 3).map((m) => m.measurement);
    expect(first.map((m) => m.seq)).toEqual([0, 1, 2]);
    expect(first.map((m) => m.ts)).toEqual([10_000, 20_000, 30_000].map((d) => localTime(8) + d));
  });

  it('carries far more traffic in the morning peak than at 03:00', () => {
    expect(total(amPeak)).toBeGreaterThan(5 * total(night));
  });

  it('loads major arterials more than minor streets', () => {
    const perApproach = (prefix: string): number => total(amPeak.filter((m) => m.detectorId.startsWith(prefix) && m.detectorId.endsWith('-A')));
    // East Street westbound at the Bell Tower against Xiangzimiao Street at Nanguangji Street.
    expect(perApproach('XA-D4-E-')).toBeGreaterThan(perApproach('XA-E3-E-'));
  });

  it('keeps occupancy within 0–100 % and stop-bar counts within the saturation flow of the green', () => {
    const occupancies = [...amPeak, ...night].map((m) => m.measurement.occupancyPct);
    expect(Math.min(...occupancies)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...occupancies)).toBeLessThanOrEqual(100);
    for (const { properties: j } of intersectionsOf(network)) {
      for (const a of j.approaches) {
        const phase = j.phases.find((p) => p.movements.some((m) => m.approachId === a.id && m.turn === 'through'))!;
        const greenS = j.fallbackPlan.splits.find((s) => s.phase === phase.id)!.greenS;
        // Effective green ≈ green − start-up loss + used yellow; 2 % allows for counting noise.
        const boundVeh = 0.5 * (1800 / j.fallbackPlan.cycleS) * (greenS + phase.yellowS) * 1.02 + 2;
        const served = total(amPeak.filter((m) => m.detectorId === `${a.id}-S`));
        expect(served).toBeLessThanOrEqual(boundVeh);
      }
    }
  });

  it('shows slower, busier detectors at the peak', () => {
    const mean = (ms: DueMeasurement[], f: (m: DueMeasurement) => number | undefined): number => {
      const values = ms.map(f).filter((v): v is number => v !== undefined);
      return values.reduce((s, v) => s + v, 0) / values.length;
    };
    const advance = (ms: DueMeasurement[]): DueMeasurement[] => ms.filter((m) => m.detectorId.endsWith('-A'));
    expect(mean(advance(amPeak), (m) => m.measurement.occupancyPct)).toBeGreaterThan(mean(advance(night), (m) => m.measurement.occupancyPct));
    expect(mean(advance(amPeak), (m) => m.measurement.speedKph)).toBeLessThan(mean(advance(night), (m) => m.measurement.speedKph));
  });

  it('produces measurements that pass the contract validator', () => {
    for (const m of amPeak) {
      const result = validatePayload('measurement', m.measurement, { nowMs: m.measurement.ts });
      if (!result.ok) throw new Error(`${m.detectorId}: ${result.detail}`);
    }
  });
});
