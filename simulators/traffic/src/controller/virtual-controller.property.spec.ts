/**
 * Property: whatever plans arrive (at any time, actuated or not, coordinated or not), whatever commands the
 * operator sends and whatever the detectors call, a virtual controller never shows conflicting greens, never ends
 * a green before its minimum (pedestrians included), always runs the full yellow and all-red, keeps its phase
 * sequence (passing over only phases a plan let be skipped), and never changes an indication before the time-to-change
 * it announced. Checked with the contracts' own sequence rules (signal-sequence-rules.ts) over every change and a 1 Hz
 * state stream.
 */
import * as fc from 'fast-check';
import type { ControllerCommand, PlanSplit, SignalPlan } from '@arterial/contracts/mqtt/v1';
import { validatePayload } from '@arterial/contracts/mqtt/v1';
import { broadcastFaults, effectiveMinGreenS, planViolations, sequenceFaults, type IntersectionProperties, type PhaseDefinition } from '@arterial/contracts/network';
import { RingRecorder, type TimedEvent } from './testing/ring-timeline';
import { VirtualController } from './virtual-controller';

const T = Date.UTC(2025, 2, 3, 0, 0, 0);
/** Simulated time per case: long enough for plans to expire, holds to end and transitions to finish. */
const RUN_MS = 15 * 60_000;
const half = (lo: number, hi: number) => fc.integer({ min: lo * 2, max: hi * 2 }).map((x) => x / 2);

const phaseArb = (id: number): fc.Arbitrary<PhaseDefinition> =>
  fc
    .record({
      minGreenS: half(2, 15),
      extraMaxS: half(5, 50),
      yellowS: half(3, 5),
      allRedS: half(0, 2.5),
      pedestrian: fc.option(fc.record({ walkS: half(4, 8), clearanceS: half(3, 15) }), { nil: undefined }),
    })
    .map(({ minGreenS, extraMaxS, yellowS, allRedS, pedestrian }) => {
      const phase: PhaseDefinition = { id, name: `P${id}`, movements: [], minGreenS, maxGreenS: 0, yellowS, allRedS, ...(pedestrian ? { pedestrian } : {}) };
      return { ...phase, maxGreenS: effectiveMinGreenS(phase) + extraMaxS };
    });

/** Greens within [effective minimum, maximum] whose cycle is a whole number of seconds. */
function greensFor(phases: PhaseDefinition[], shares: number[]): { cycleS: number; splits: PlanSplit[] } | undefined {
  const greens = phases.map((p, i) => effectiveMinGreenS(p) + Math.round((shares[i]! % 1) * (p.maxGreenS - effectiveMinGreenS(p)) * 2) / 2);
  const total = phases.reduce((sum, p, i) => sum + greens[i]! + p.yellowS + p.allRedS, 0);
  let rest = Math.ceil(total) - total;
  for (let i = 0; i < phases.length && rest > 0; i++) {
    const room = Math.min(rest, phases[i]!.maxGreenS - greens[i]!);
    greens[i]! += room;
    rest -= room;
  }
  if (rest > 1e-9) return undefined;
  return { cycleS: Math.round(total + (Math.ceil(total) - total)), splits: phases.map((p, i) => ({ phase: p.id, greenS: greens[i]! })) };
}

const junctionArb: fc.Arbitrary<IntersectionProperties> = fc.integer({ min: 2, max: 5 }).chain((n) =>
  fc.tuple(fc.tuple(...Array.from({ length: n }, (_, i) => phaseArb(i + 1))), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n })).map(([phases, shares]) => {
    const timing = greensFor(phases, shares) ?? greensFor(phases, phases.map(() => 0))!;
    const ids = phases.map((p) => p.id);
    return {
      kind: 'intersection' as const,
      id: 'J1',
      name: 'random',
      approaches: [{ id: 'J1-N', linkId: 'L1', bearingDeg: 180, lanes: 1 }],
      phases,
      sequence: ids,
      conflicts: ids.flatMap((a) => ids.filter((b) => b > a).map((b) => [a, b] as [number, number])),
      fallbackPlan: { planId: 'fallback', cycleS: timing.cycleS, offsetS: 0, splits: timing.splits },
      cycleBounds: { minS: 20, maxS: 600 },
    };
  }),
);

type Event =
  | { kind: 'plan'; atS: number; shares: number[]; offsetShare: number; validS: number; actuate: boolean; coordinate: number | undefined; passageS: number; skip: boolean }
  | { kind: 'hold'; atS: number; phaseIndex: number; forS: number }
  | { kind: 'flash'; atS: number; forS: number }
  | { kind: 'resume'; atS: number }
  | { kind: 'late'; atS: number };

const eventArb: fc.Arbitrary<Event> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('plan' as const), atS: fc.integer({ min: 0, max: 900 }), shares: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 5, maxLength: 5 }), offsetShare: fc.double({ min: 0, max: 0.999, noNaN: true }), validS: fc.integer({ min: 30, max: 900 }), actuate: fc.boolean(), coordinate: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }), passageS: half(0.5, 5), skip: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('hold' as const), atS: fc.integer({ min: 0, max: 900 }), phaseIndex: fc.integer({ min: 0, max: 4 }), forS: fc.integer({ min: 1, max: 300 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('flash' as const), atS: fc.integer({ min: 0, max: 900 }), forS: fc.integer({ min: 1, max: 600 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('resume' as const), atS: fc.integer({ min: 0, max: 900 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('late' as const), atS: fc.integer({ min: 0, max: 900 }) }) },
);

function planOf(junction: IntersectionProperties, e: Extract<Event, { kind: 'plan' }>, atMs: number, n: number): SignalPlan | undefined {
  const timing = greensFor(junction.phases, e.shares);
  if (!timing) return undefined;
  const coordinated = e.coordinate === undefined ? undefined : junction.sequence[e.coordinate % junction.sequence.length];
  const splits = timing.splits.map((s, i) => {
    if (!e.actuate) return s;
    const phase = junction.phases[i]!;
    // v1.3: skipping where the safety rules allow it (not the first phase, the coordinated one or a pedestrian phase).
    const skipWithoutCall = e.skip && phase.id !== junction.sequence[0] && phase.id !== coordinated && !phase.pedestrian;
    return { ...s, actuation: { minGreenS: effectiveMinGreenS(phase), maxGreenS: Math.max(s.greenS, phase.maxGreenS), passageS: e.passageS, ...(skipWithoutCall ? { skipWithoutCall } : {}) } };
  });
  return {
    planId: `plan-${n}`,
    issuedAt: atMs,
    expiresAt: atMs + e.validS * 1000,
    cycleS: timing.cycleS,
    offsetS: Math.floor(e.offsetShare * timing.cycleS * 2) / 2,
    splits,
    reason: 'property',
    ...(coordinated === undefined ? {} : { coordinatedPhase: coordinated }),
  };
}

function commandOf(junction: IntersectionProperties, e: Exclude<Event, { kind: 'plan' }>, atMs: number, n: number): ControllerCommand {
  const base = { commandId: `cmd-${n}`, issuedAt: atMs, reason: 'property' };
  switch (e.kind) {
    case 'hold':
      return { ...base, action: 'hold-phase', phase: junction.sequence[e.phaseIndex % junction.sequence.length]!, expiresAt: atMs + e.forS * 1000 };
    case 'flash':
      return { ...base, action: 'flash', expiresAt: atMs + e.forS * 1000 };
    case 'resume':
      return { ...base, action: 'resume', expiresAt: atMs + 60_000 };
    case 'late':
      // Arrives after its expiry: must be rejected and change nothing.
      return { ...base, action: 'flash', issuedAt: atMs - 120_000, expiresAt: atMs - 1 };
  }
}

describe(`${VirtualController.name} (property)`, () => {
  it('keeps every signal safety rule under random plans, commands and detector calls', () => {
    fc.assert(
      fc.property(
        junctionArb,
        fc.array(eventArb, { maxLength: 12 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: RUN_MS })), { maxLength: 300 }),
        fc.boolean(),
        (junction, events, callTimes, detectorCalls) => {
          const sut = new VirtualController(junction, {}, { detectorCalls });
          const skippable = new Set<number>();
          const timed: TimedEvent[] = events.map((e, n) => ({
            atMs: T + e.atS * 1000,
            apply: (t: number) => {
              if (e.kind === 'plan') {
                const plan = planOf(junction, e, t, n);
                if (!plan) return;
                const ack = sut.receivePlan(plan, t).ack;
                if (ack.accepted) plan.splits.filter((s) => s.actuation?.skipWithoutCall).forEach((s) => skippable.add(s.phase));
                // Built valid, so accepted exactly when the contracts' rules say so.
                expect(ack.accepted).toBe(planViolations(junction, plan, t).length === 0);
              } else {
                const ack = sut.receiveCommand(commandOf(junction, e, t, n), t).ack;
                expect(ack.accepted).toBe(e.kind !== 'late');
              }
            },
          }));
          for (const [phaseIndex, atMs] of callTimes) {
            timed.push({ atMs: T + atMs, apply: (t) => sut.recordDetectorCall(junction.sequence[phaseIndex % junction.sequence.length]!, t) });
          }
          timed.sort((a, b) => a.atMs - b.atMs);
          const recorder = new RingRecorder(sut);
          recorder.run(T, T + RUN_MS, timed);
          expect(recorder.conflicts).toEqual([]);
          // Phases some plan let be skipped may be passed over; the first phase never (plan-safety refuses it there).
          expect(sequenceFaults(junction, recorder.intervals, skippable)).toEqual([]);
          expect(broadcastFaults(recorder.intervals, recorder.promises)).toEqual([]);
          for (const state of recorder.states) {
            const check = validatePayload('state', state, { nowMs: state.ts });
            if (!check.ok) throw new Error(`${check.detail} in ${JSON.stringify(state)}`);
          }
        },
      ),
      { numRuns: 120 },
    );
  });
});
