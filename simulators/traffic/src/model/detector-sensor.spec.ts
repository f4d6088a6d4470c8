import { validatePayload } from '@arterial/contracts/mqtt/v1';
import { Rng } from '@arterial/device-kit';
import { DetectorFaults, NO_FAULTS, type FaultRates } from './detector-faults';
import { CHATTER_DIAGNOSIS_S, DetectorSensor, OCCUPANCY_LENGTH_M, STUCK_ON_DIAGNOSIS_S, type SensorSpec, type ZoneSecond } from './detector-sensor';

const T0 = 1_700_000_000_000;
/** Free flow: 0.2 veh/s per lane at 12.5 m/s, so 16 m between vehicles. */
const flowing: ZoneSecond = { volumeVeh: 0.2, densityVpm: 0.2 / 12.5, vehicleMetres: 0.2 * 14, vehicleSeconds: (0.2 / 12.5) * 14 };
const queued: ZoneSecond = { volumeVeh: 0, densityVpm: 1 / 7, vehicleMetres: 0, vehicleSeconds: 2 };

const spec = (over: Partial<SensorSpec> = {}): SensorSpec => ({
  id: 'XA-D4-E-A',
  placement: 'advance',
  technology: 'radar',
  distanceFromStopLineM: 80,
  intervalS: 10,
  ...over,
});

/** A sensor whose only fault is the given one: a rate high enough to start at once, and no repair. */
function sensorWith(rates: Partial<FaultRates>, over: Partial<SensorSpec> = {}): DetectorSensor {
  const neverRepaired = { 'stuck-on': Infinity, dead: Infinity, chattering: Infinity };
  return new DetectorSensor(spec(over), new Rng(1), new DetectorFaults({ ...NO_FAULTS, meanDurationH: neverRepaired, ...rates }, new Rng(2)));
}

function runIntervals(sut: DetectorSensor, second: ZoneSecond, intervals: number): ReturnType<DetectorSensor['report']>[] {
  const out: ReturnType<DetectorSensor['report']>[] = [];
  for (let i = 1; i <= intervals; i++) {
    for (let s = 0; s < sut.spec.intervalS; s++) sut.observe(second);
    out.push(sut.report(T0 + i * sut.spec.intervalS * 1000));
  }
  return out;
}

describe(DetectorSensor.name, () => {
  it('derives volume, occupancy (density × effective length) and speed (flow / density) from its cell', () => {
    const sut = sensorWith({});
    const reports = runIntervals(sut, flowing, 6);
    // 0.2 veh/s over 10 s: two vehicles an interval, fractions carried over.
    expect(reports.map((m) => m!.volume)).toEqual([2, 2, 2, 2, 2, 2]);
    const m = reports[0]!;
    expect(m.occupancyPct).toBeCloseTo(100 * (0.2 / 12.5) * OCCUPANCY_LENGTH_M, 0);
    expect(m.speedKph).toBeGreaterThan(12.5 * 3.6 - 5);
    expect(m.speedKph).toBeLessThan(12.5 * 3.6 + 5);
    expect(m.health).toBe('ok');
    expect(validatePayload('measurement', m, { nowMs: m.ts }).ok).toBe(true);
  });

  it('reads a standing queue as nearly full occupancy with no count and no speed', () => {
    const m = runIntervals(sensorWith({}), queued, 1)[0]!;
    expect(m.occupancyPct).toBeGreaterThan(88);
    expect(m.volume).toBe(0);
    expect(m.speedKph).toBeUndefined();
  });

  it('skips a partial first interval and numbers whole ones from 0', () => {
    const sut = sensorWith({});
    sut.observe(flowing);
    expect(sut.report(T0)).toBeUndefined();
    expect(runIntervals(sut, flowing, 2).map((m) => m!.seq)).toEqual([0, 1]);
  });

  it('leaves out speed at a stop-bar loop, which cannot time vehicles', () => {
    const m = runIntervals(sensorWith({}, { placement: 'stop-bar', technology: 'loop', distanceFromStopLineM: 1 }), flowing, 1)[0]!;
    expect(m.speedKph).toBeUndefined();
  });

  it('stuck on: reads 100 % and no speed, and reports failed once its presence timer runs out', () => {
    const reports = runIntervals(sensorWith({ stuckOnPerDay: 1e9 }), flowing, 60).map((m) => m!);
    expect(reports.every((m) => m.occupancyPct === 100 && m.speedKph === undefined)).toBe(true);
    const frozen = reports[0]!.volume;
    expect(reports.every((m) => m.volume === frozen)).toBe(true);
    const failedFrom = reports.findIndex((m) => m.health === 'failed');
    expect((failedFrom + 1) * 10).toBe(STUCK_ON_DIAGNOSIS_S);
    expect(reports.slice(0, failedFrom).every((m) => m.health === 'ok')).toBe(true);
  });

  it('dead: sends nothing at all', () => {
    const sut = sensorWith({ deadPerDay: 1e9 });
    expect(runIntervals(sut, flowing, 30).every((m) => m === undefined)).toBe(true);
    expect(sut.isSilent).toBe(true);
  });

  it('chattering: inflates the count with very short pulses, and turns degraded', () => {
    const reports = runIntervals(sensorWith({ chatteringPerDay: 1e9 }), flowing, 30).map((m) => m!);
    const volume = reports.reduce((s, m) => s + m.volume, 0);
    expect(volume).toBeGreaterThan(1.5 * 2 * 30);
    // Extra pulses barely add occupancy: far less than real vehicles would.
    expect(reports.every((m) => m.occupancyPct < 15)).toBe(true);
    const degradedFrom = reports.findIndex((m) => m.health === 'degraded');
    expect((degradedFrom + 1) * 10).toBe(CHATTER_DIAGNOSIS_S);
    expect(reports.slice(degradedFrom).every((m) => m.health === 'degraded')).toBe(true);
  });

  it('dropouts: whole intervals go missing, and seq shows the gap', () => {
    const reports = runIntervals(sensorWith({ dropoutShare: 0.3 }), flowing, 100);
    const sent = reports.filter((m) => m !== undefined);
    expect(sent.length).toBeGreaterThan(50);
    expect(sent.length).toBeLessThan(90);
    expect(sent.at(-1)!.seq).toBeGreaterThan(sent.length - 1);
    expect(sent.every((m) => m.health === 'ok')).toBe(true);
  });
});
