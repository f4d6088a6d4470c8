import type { PlanSplit } from '@arterial/contracts/mqtt/v1';
import { broadcastFaults, sequenceFaults } from '@arterial/contracts/network';
import { roundJunction, roundPlan } from './testing/plan-factory';
import { RingRecorder, type TimedEvent } from './testing/ring-timeline';
import { VirtualController } from './virtual-controller';

// roundJunction: cycle 80 s from the epoch, phases 1-4 at 0, 20, 40, 60 s, each 16 s green + 3 s yellow + 1 s all-red.
const T = Date.UTC(2025, 2, 3, 0, 0, 0);
const junction = roundJunction();
const actuated = (window: (phase: number) => { minGreenS: number; maxGreenS: number }): PlanSplit[] =>
  [1, 2, 3, 4].map((phase) => ({ phase, greenS: 16, actuation: { ...window(phase), passageS: 3 } }));
/** Calls for a phase every `everyS` seconds over [fromS, toS) after T. */
const calls = (sut: VirtualController, phase: number, fromS: number, toS: number, everyS = 2): TimedEvent[] =>
  Array.from({ length: Math.ceil((toS - fromS) / everyS) }, (_, i) => ({ atMs: T + (fromS + i * everyS) * 1000, apply: (t: number) => sut.recordDetectorCall(phase, t) }));
const byTime = (events: TimedEvent[]) => [...events].sort((a, b) => a.atMs - b.atMs);
const greens = (r: RingRecorder, fromS: number) =>
  r.intervals.filter((i) => i.state === 'green' && i.startMs >= T + fromS * 1000).map((i) => `${i.phase}:${(i.startMs - T) / 1000}-${(i.endMs - T) / 1000}`);

function expectSafe(recorder: RingRecorder, skippable: ReadonlySet<number> = new Set()): void {
  expect(recorder.conflicts).toEqual([]);
  expect(sequenceFaults(junction, recorder.intervals, skippable)).toEqual([]);
  expect(broadcastFaults(recorder.intervals, recorder.promises)).toEqual([]);
}

describe(`${VirtualController.name} actuation`, () => {
  it('runs a free actuated plan: gap-out after passage, pedestrian minimum, maximum green, and the cycle floats', () => {
    const sut = new VirtualController(junction, {}, { detectorCalls: true });
    const plan = roundPlan({ splits: actuated((p) => ({ minGreenS: p === 2 ? 16 : 5, maxGreenS: 30 })) });
    const recorder = new RingRecorder(sut);
    const events = byTime([
      { atMs: T + 1000, apply: (t) => expect(sut.receivePlan(plan, t).ack.accepted).toBe(true) },
      // Phase 1 calls until 91 s: gaps out at 94 s; phase 2 has none (runs its 16 s walk + clearance); phase 3 none (5 s); phase 4 calls throughout (max 30 s).
      ...calls(sut, 1, 81, 92),
      ...calls(sut, 4, 100, 200),
    ]);
    recorder.run(T, T + 170_000, events);
    expect(greens(recorder, 80)).toEqual(['1:80-94', '2:98-114', '3:118-123', '4:127-157', '1:161-166']);
    expectSafe(recorder);
  });

  it('skips a phase the free plan lets be skipped while nobody calls it, and serves it once a call locks in', () => {
    const sut = new VirtualController(junction, {}, { detectorCalls: true });
    const plan = roundPlan({ splits: actuated((p) => ({ minGreenS: p === 2 ? 16 : 5, maxGreenS: 30 })).map((s) => (s.phase >= 3 ? { ...s, actuation: { ...s.actuation!, skipWithoutCall: true } } : s)) });
    expect(sut.receivePlan(plan, T + 1000).ack.accepted).toBe(true);
    const recorder = new RingRecorder(sut);
    // Phase 4 is called once at 150 s, during phase 2's green: it is served next, past phase 3, which nobody calls.
    recorder.run(T, T + 260_000, [{ atMs: T + 150_000, apply: (t) => sut.recordDetectorCall(4, t) }]);
    expect(greens(recorder, 80)).toEqual(['1:80-85', '2:89-105', '1:109-114', '2:118-134', '1:138-143', '2:147-163', '4:167-172', '1:176-181', '2:185-201', '1:205-210', '2:214-230', '1:234-239', '2:243-259']);
    expectSafe(recorder, new Set([3, 4]));
    // A ring that passes over phases still keeps to the sequence for a checker that does not know they may be skipped.
    expect(sequenceFaults(junction, recorder.intervals).map((f) => f.rule)).toContain('out-of-sequence');
  });

  it('keeps the coordinated phase’s yield point and gives it the time the others leave (early return)', () => {
    const sut = new VirtualController(junction, {}, { detectorCalls: true });
    const plan = roundPlan({ coordinatedPhase: 1, splits: actuated((p) => ({ minGreenS: p === 2 ? 16 : 5, maxGreenS: 16 })) });
    const recorder = new RingRecorder(sut);
    // Phase 3 has calls throughout its second cycle: it runs to its force-off at 216 s.
    const events = byTime([{ atMs: T + 1000, apply: (t) => void sut.receivePlan(plan, t) }, ...calls(sut, 3, 200, 240)]);
    recorder.run(T, T + 260_000, events);
    expect(greens(recorder, 80)).toEqual(['1:80-96', '2:100-116', '3:120-125', '4:129-134', '1:138-176', '2:180-196', '3:200-216', '4:220-225', '1:229-256']);
    expectSafe(recorder);
  });

  it('runs actuated splits at their fixed greens when nobody feeds it detector calls', () => {
    const sut = new VirtualController(junction);
    const plan = roundPlan({ splits: actuated((p) => ({ minGreenS: p === 2 ? 16 : 5, maxGreenS: 30 })) });
    const recorder = new RingRecorder(sut);
    recorder.run(T, T + 170_000, [{ atMs: T + 1000, apply: (t) => void sut.receivePlan(plan, t) }]);
    expect(greens(recorder, 80)).toEqual(['1:80-96', '2:100-116', '3:120-136', '4:140-156', '1:160-170']);
    expectSafe(recorder);
  });
});
