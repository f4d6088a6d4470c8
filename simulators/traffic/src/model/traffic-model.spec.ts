import { detectorsOf, intersectionsOf, type NetworkModel } from '@arterial/contracts/network';
import { validatePayload, type PhaseState } from '@arterial/contracts/mqtt/v1';
import { VirtualController } from '../controller/virtual-controller';
import { demoNetwork } from '../network/demo-network';
import { gridNetwork } from '../network/grid-network';
import { NO_FAULTS } from './detector-faults';
import type { LaneClosure } from './incidents';
import { TrafficModel, type DueMeasurement, type SignalView, type TrafficModelOptions } from './traffic-model';

/** 2025-03-03 is a Monday; hours are China Standard Time (UTC+8). */
const localTime = (hour: number): number => Date.UTC(2025, 2, 3, 0, 0, 0) + (hour - 8) * 3_600_000;

function fixedTimeSignals(network: NetworkModel): SignalView {
  const controllers = new Map(intersectionsOf(network).map((f) => [f.properties.id, new VirtualController(f.properties)]));
  return { phaseStateAt: (id, phase, tMs) => controllers.get(id)!.phaseStateAt(phase, tMs) };
}

const allRed: SignalView = { phaseStateAt: () => 'red' };

function redAt(junctionId: string, otherwise: SignalView): SignalView {
  return { phaseStateAt: (id, phase, tMs): PhaseState => (id === junctionId ? 'red' : otherwise.phaseStateAt(id, phase, tMs)) };
}

interface Run {
  sut: TrafficModel;
  measurements: DueMeasurement[];
}

function run(network: NetworkModel, fromMs: number, seconds: number, signals: SignalView, options: Partial<TrafficModelOptions> = {}): Run {
  const sut = new TrafficModel(network, { seed: 42, faultRates: NO_FAULTS, ...options });
  const measurements: DueMeasurement[] = [];
  for (let t = fromMs + 1000; t <= fromMs + seconds * 1000; t += 1000) {
    sut.step(t, signals);
    measurements.push(...sut.reportsDue(t));
  }
  return { sut, measurements };
}

const volumeOf = (ms: DueMeasurement[], detectorId?: string): number =>
  ms.filter((m) => !detectorId || m.detectorId === detectorId).reduce((s, m) => s + m.measurement.volume, 0);

/** One major road through three junctions (3 lanes, 60 km/h, 500 m apart): small enough for fast specs. */
const corridor = gridNetwork({ rows: 1, cols: 3 });
const J = (c: number): string => `G0001-000${c}`;

describe(TrafficModel.name, () => {
  const signals = fixedTimeSignals(corridor);
  let amPeak: Run;
  let night: Run;

  beforeAll(() => {
    amPeak = run(corridor, localTime(7.5), 1500, signals);
    night = run(corridor, localTime(3), 1500, signals);
  });

  it('conserves vehicles: everything that entered has left or is still on a link', () => {
    for (const { sut } of [amPeak, night]) {
      const s = sut.stats();
      expect(s.enteredVeh).toBeGreaterThan(0);
      expect(s.exitedVeh).toBeGreaterThan(0);
      expect(s.enteredVeh).toBeCloseTo(s.exitedVeh + s.onLinksVeh, 6);
    }
  });

  it('lets no vehicle through a red: with every signal red nothing leaves, and the edge links fill up and back up outside', () => {
    const { sut, measurements } = run(corridor, localTime(8), 900, allRed);
    expect(sut.stats().exitedVeh).toBe(0);
    expect(volumeOf(measurements.filter((m) => m.detectorId.endsWith('-S')))).toBe(0);
    // The road from the west edge fills to its storage (400 m × 3 lanes / 7 m), with a queue waiting outside.
    const edge = `${J(1)}-BW_${J(1)}`;
    const storage = (400 * 3) / 7;
    expect(sut.vehiclesOnLink(edge)).toBeGreaterThan(0.85 * storage);
    expect(sut.vehiclesOnLink(edge)).toBeLessThanOrEqual(storage + 1e-6);
    expect(sut.waitingToEnter(edge)).toBeGreaterThan(20);
  });

  it('spills back: a junction held red fills its approach, which then blocks the junction upstream', () => {
    const blocked = run(corridor, localTime(7.5), 1500, redAt(J(3), signals)).sut;
    const approach = `${J(2)}_${J(3)}`;
    expect(blocked.vehiclesOnLink(approach)).toBeGreaterThan(0.8 * ((500 * 3) / 7));
    const upstream = `${J(1)}_${J(2)}`;
    expect(blocked.vehiclesOnLink(upstream)).toBeGreaterThan(2 * amPeak.sut.vehiclesOnLink(upstream)!);
  });

  it('carries far more traffic in the morning peak than at 03:00', () => {
    expect(volumeOf(amPeak.measurements)).toBeGreaterThan(4 * volumeOf(night.measurements));
  });

  it('cuts throughput and grows the queue behind a lane closure', () => {
    const closure: LaneClosure = { linkId: `${J(2)}_${J(3)}`, lanesClosed: 2, startMs: localTime(7.6), endMs: localTime(9) };
    const withIncident = run(corridor, localTime(7.5), 1500, signals, { incidents: [closure] });
    const during = (ms: DueMeasurement[]): DueMeasurement[] => ms.filter((m) => m.measurement.ts > closure.startMs + 300_000);
    const served = (r: Run): number => volumeOf(during(r.measurements), `${J(3)}-W-S`);
    expect(served(withIncident)).toBeLessThan(0.8 * served(amPeak));
    const upstream = `${J(1)}_${J(2)}`;
    expect(withIncident.sut.vehiclesOnLink(upstream)).toBeGreaterThan(1.5 * amPeak.sut.vehiclesOnLink(upstream)!);
  });

  it('rejects an incident on a link the network does not have', () => {
    expect(() => new TrafficModel(corridor, { seed: 1, incidents: [{ linkId: 'nowhere', lanesClosed: 1, startMs: 0, endMs: 1 }] })).toThrow(/nowhere/);
  });

  it('gives identical output, faults included, for the same seed and different output for another', () => {
    const withFaults = { faultRates: { ...NO_FAULTS, dropoutShare: 0.05 } };
    const a = run(corridor, localTime(8), 300, signals, withFaults).measurements;
    expect(run(corridor, localTime(8), 300, signals, withFaults).measurements).toEqual(a);
    expect(run(corridor, localTime(8), 300, signals, { ...withFaults, seed: 43 }).measurements).not.toEqual(a);
  });

  it('reports every detector once per interval, with seq from 0 and ts at the end of the interval', () => {
    expect(night.measurements).toHaveLength(detectorsOf(corridor).length * 150);
    const first = night.measurements.filter((m) => m.detectorId === `${J(2)}-N-S`).slice(0, 3).map((m) => m.measurement);
    expect(first.map((m) => m.seq)).toEqual([0, 1, 2]);
    expect(first.map((m) => m.ts)).toEqual([10_000, 20_000, 30_000].map((d) => localTime(3) + d));
  });

  it('shows busier advance detectors at the peak, within 0–100 % occupancy', () => {
    const mean = (ms: DueMeasurement[], f: (m: DueMeasurement) => number | undefined): number => {
      const values = ms.filter((m) => m.detectorId.endsWith('-A')).map(f).filter((v): v is number => v !== undefined);
      return values.reduce((s, v) => s + v, 0) / values.length;
    };
    expect(mean(amPeak.measurements, (m) => m.measurement.occupancyPct)).toBeGreaterThan(2 * mean(night.measurements, (m) => m.measurement.occupancyPct));
    const occupancies = [...amPeak.measurements, ...night.measurements].map((m) => m.measurement.occupancyPct);
    expect(Math.min(...occupancies)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...occupancies)).toBeLessThanOrEqual(100);
  });

  it('produces measurements that pass the contract validator', () => {
    for (const m of amPeak.measurements) {
      const result = validatePayload('measurement', m.measurement, { nowMs: m.measurement.ts });
      if (!result.ok) throw new Error(`${m.detectorId}: ${result.detail}`);
    }
  });

  it('runs the demo network with its real links and detectors', () => {
    const demo = demoNetwork();
    const { sut, measurements } = run(demo, localTime(8), 60, fixedTimeSignals(demo));
    expect(measurements).toHaveLength(detectorsOf(demo).length * 6);
    expect(sut.stats().enteredVeh).toBeGreaterThan(0);
  });
});
