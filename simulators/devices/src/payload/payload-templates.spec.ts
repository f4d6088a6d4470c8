import { validatePayload, type MessageKind } from '@arterial/contracts/mqtt/v1';
import { planFromCounts } from '../fleet/fleet-plan';
import { ControllerEmulator, defaultProgram } from './controller-emulator';
import { DetectorEmulator } from './detector-emulator';
import { JsonTemplate } from './json-template';

const T0 = Date.UTC(2026, 10, 27, 8, 0, 0);

function expectValid(kind: MessageKind, json: string, nowMs: number): void {
  const result = validatePayload(kind, JSON.parse(json), { nowMs });
  if (!result.ok) throw new Error(`${kind} payload rejected (${result.reason}: ${result.detail}): ${json}`);
}

describe(JsonTemplate.name, () => {
  it('renders exactly what JSON.stringify would, in the base key order', () => {
    const sut = new JsonTemplate({ a: 1, b: 'x"y', c: [1, 2], d: true }, ['a', 'c']);
    expect(sut.render({ a: 2.5, c: [3] })).toBe(JSON.stringify({ a: 2.5, b: 'x"y', c: [3], d: true }));
  });

  it('refuses a varying field the base does not have', () => {
    expect(() => new JsonTemplate<{ a?: number; b: number }, 'a'>({ b: 1 }, ['a'])).toThrow(/missing/);
  });
});

describe(ControllerEmulator.name, () => {
  it('produces contract-valid state and status payloads at every point of the cycle', () => {
    const plan = planFromCounts({ intersections: 40, detectorsPerIntersection: 0 });
    for (const intersection of plan.intersections) {
      const sut = new ControllerEmulator(intersection.id, intersection.program, 'acme 1.0');
      for (let t = 0; t < 130_000; t += 700) expectValid('state', sut.nextState(T0 + t), T0 + t);
      expectValid('status', sut.status(true, T0), T0);
      expectValid('status', sut.status(false, T0), T0);
    }
  });

  it('counts seq per device and samples the cycle from the clock', () => {
    const sut = new ControllerEmulator('int_1', { ...defaultProgram('int_1'), cycleS: 60, offsetS: 0 }, 'fw');
    const first = JSON.parse(sut.nextState(Date.UTC(2026, 0, 1, 0, 0, 12))) as { seq: number; cycleSecond: number; phases: Array<{ id: number; state: string }> };
    const second = JSON.parse(sut.nextState(Date.UTC(2026, 0, 1, 0, 0, 13))) as { seq: number; cycleSecond: number };
    expect([first.seq, second.seq]).toEqual([0, 1]);
    expect(first.cycleSecond).toBe(12);
    expect(first.phases.map((p) => p.state)).toEqual(['yellow', 'red', 'red', 'red']);
  });
});

describe(DetectorEmulator.name, () => {
  it('produces contract-valid measurements for every interval length', () => {
    for (const intervalS of [1, 10, 60, 900, 3600]) {
      for (let d = 0; d < 50; d += 1) {
        const sut = new DetectorEmulator(`det-${d}`, intervalS, 7);
        for (let k = 0; k < 20; k += 1) expectValid('measurement', sut.next(T0 + k * intervalS * 1000), T0 + k * intervalS * 1000);
      }
    }
  });

  it('is cheap: rendering costs no more than a few validations', () => {
    const detector = new DetectorEmulator('det-x', 10);
    const controller = new ControllerEmulator('int-x', defaultProgram('int-x'), 'fw');
    const n = 20_000;
    const payloads: string[] = [];
    let start = process.hrtime.bigint();
    for (let i = 0; i < n; i += 1) payloads.push(detector.next(T0 + i), controller.nextState(T0 + i));
    const renderNs = Number(process.hrtime.bigint() - start) / (2 * n);
    const parsed = payloads.map((p) => JSON.parse(p) as unknown);
    start = process.hrtime.bigint();
    for (let i = 0; i < parsed.length; i += 1) validatePayload(i % 2 === 0 ? 'measurement' : 'state', parsed[i], { nowMs: T0 });
    const validateNs = Number(process.hrtime.bigint() - start) / (2 * n);
    // Generous bound (shared CI cores): a device payload must never cost more than 10 validations.
    expect(renderNs).toBeLessThan(Math.max(10 * validateNs, 20_000));
  });
});
