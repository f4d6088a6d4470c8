import type { SignalPlan } from '@arterial/contracts/mqtt/v1';
import { gapsOut, greenAtStart, isActuated, isFree, ISOLATED_ARRIVAL_EMPTY_STEPS, isQueueLoop, LOCAL_PASSAGE_S, localActuatedPlan, PassageCalls, SATURATION_HEADWAY_S, SLOW_CALL_FRACTION, slowCallBelowMps, STOP_BAR_MIN_EXTENSION_S, stopBarExtensionS, ZONE_STALE_STEPS } from './actuation';

const LIMITS = { minGreenS: 5, maxGreenS: 80 };
const fixed: SignalPlan = { planId: 'p', issuedAt: 0, expiresAt: 1, cycleS: 90, offsetS: 0, reason: 't', splits: [{ phase: 1, greenS: 50 }, { phase: 2, greenS: 34 }] };
const actuated: SignalPlan = { ...fixed, splits: [{ phase: 1, greenS: 50, actuation: { minGreenS: 10, maxGreenS: 70, passageS: 3 } }, { phase: 2, greenS: 34, actuation: { minGreenS: 8, maxGreenS: 40, passageS: 2.5 } }] };
const coordinated: SignalPlan = { ...actuated, coordinatedPhase: 1 };

describe(greenAtStart.name, () => {
  it('leaves fixed plans and non-coordinated phases of a coordinated plan as installed', () => {
    expect(isActuated(fixed)).toBe(false);
    expect(greenAtStart(fixed, 1, 0, 50, LIMITS)).toBeUndefined();
    expect(greenAtStart(coordinated, 2, 53, 50, LIMITS)).toBeUndefined();
  });

  it('runs the coordinated phase to its yield point, early return included, within the junction limits', () => {
    // Phase 2 gapped out 12 s early: phase 1 starts at cycle second 78 of the previous cycle and yields at 50.
    expect(greenAtStart(coordinated, 1, 78, 50, LIMITS)).toBe(62);
    expect(greenAtStart(coordinated, 1, 0, 50, LIMITS)).toBe(50);
    expect(greenAtStart(coordinated, 1, 60, 50, LIMITS)).toBe(80);
    expect(greenAtStart(coordinated, 1, 48, 50, LIMITS)).toBe(5);
  });

  it('lets a free actuated phase run up to its maximum', () => {
    expect(greenAtStart(actuated, 1, 0, 0, LIMITS)).toBe(70);
    expect(greenAtStart(actuated, 2, 0, 0, { minGreenS: 5, maxGreenS: 30 })).toBe(30);
  });
});

describe(gapsOut.name, () => {
  it('gaps out after the minimum green once no vehicle came for the passage time', () => {
    expect(gapsOut(actuated, 2, 7, 10, LIMITS)).toBe(false); // minimum green not over
    expect(gapsOut(actuated, 2, 8, 2, LIMITS)).toBe(false); // a vehicle 2 s ago
    expect(gapsOut(actuated, 2, 8, 2.5, LIMITS)).toBe(true);
    expect(gapsOut(actuated, 2, 8, 3, { minGreenS: 12, maxGreenS: 80 })).toBe(false); // the junction's minimum wins
  });

  it('never gaps out the coordinated phase or a phase without actuation', () => {
    expect(gapsOut(coordinated, 1, 40, 40, LIMITS)).toBe(false);
    expect(gapsOut(coordinated, 2, 20, 20, LIMITS)).toBe(true);
    expect(gapsOut(fixed, 2, 20, 20, LIMITS)).toBe(false);
  });
});

describe(PassageCalls.name, () => {
  const on = (...vehicleIds: string[]) => ({ vehicleIds });

  it('calls when a vehicle arrives on a loop, not while it stands there', () => {
    const sut = new PassageCalls([0, 2]);
    expect(sut.observe([on('a'), on('x'), on()])).toEqual(new Set([0]));
    expect(sut.observe([on('a'), on('x'), on()])).toEqual(new Set());
    expect(sut.observe([on('a', 'b'), on('y'), on()])).toEqual(new Set([0]));
    expect(sut.observe([on('b'), on(), on('c')])).toEqual(new Set([2]));
    expect(sut.observe([on(), on(), on('c')])).toEqual(new Set());
    // The same vehicle back after the loop was empty is a new passage (it left and came again).
    expect(sut.observe([on(), on(), on()])).toEqual(new Set());
    expect(sut.observe([on('b'), on(), undefined])).toEqual(new Set([0]));
  });

  it('calls from a queue loop every step a vehicle stands on it, and from a passage loop only on arrival', () => {
    const sut = new PassageCalls([0, 1], [1]);
    expect(sut.observe([on('a'), on('q')])).toEqual(new Set([0, 1]));
    // Both stand still: the stop-bar loop's left turner no longer calls, the queue over the queue loop does.
    expect(sut.observe([on('a'), on('q')])).toEqual(new Set([1]));
    expect(sut.observe([on('a'), on('q')])).toEqual(new Set([1]));
    expect(sut.observe([on(), on()])).toEqual(new Set());
  });

  it('calls from a speed-gated passage loop only for a vehicle crossing slower than its threshold (a delayed one)', () => {
    const at = (speedMps: number, ...vehicleIds: string[]) => ({ vehicleIds, meanSpeedMps: speedMps });
    const sut = new PassageCalls([0, 1], [], new Map([[0, slowCallBelowMps(13.89)]]));
    // Free-flowing arrivals on the gated loop do not call; the ungated loop calls on any arrival.
    expect(sut.observe([at(13.5, 'a'), at(13.5, 'x')])).toEqual(new Set([1]));
    // A vehicle leaving the queue, still accelerating, does.
    expect(sut.observe([at(6, 'b'), at(13.5, 'x')])).toEqual(new Set([0]));
    expect(sut.observe([at(6, 'b'), at(-1)])).toEqual(new Set());
    expect(sut.observe([at(10, 'c'), at(-1)])).toEqual(new Set([0]));
    // One slowed a little (11.5 m/s at a 13.89 m/s limit: behind a platoon, or braking) has lost time too.
    expect(sut.observe([at(11.5, 'd'), at(-1)])).toEqual(new Set([0]));
    expect(sut.observe([at(-1), at(-1)])).toEqual(new Set());
    expect(sut.observe([at(12, 'e'), at(-1)])).toEqual(new Set());
  });

  it("gives an isolated vehicle's call at a gated stop-bar loop its time to the stop line, other calls a full passage", () => {
    const at = (speedMps: number, ...vehicleIds: string[]) => ({ vehicleIds, meanSpeedMps: speedMps });
    const gate = slowCallBelowMps(13.89);
    const sut = new PassageCalls([0, 1], [], new Map([[0, gate], [1, gate]]), new Map([[0, 3]]));
    for (let i = 0; i < ISOLATED_ARRIVAL_EMPTY_STEPS; i++) sut.observe([at(-1), at(-1)]);
    expect(sut.observe([at(5, 'a'), at(5, 'x')])).toEqual(new Set([0, 1]));
    expect(sut.extensionS(0)).toBeCloseTo(0.6);
    expect(sut.extensionS(1)).toBeUndefined();
    // Only this step's calls have an extension.
    expect(sut.observe([at(5, 'a'), at(5, 'x')])).toEqual(new Set());
    expect(sut.extensionS(0)).toBeUndefined();
    // A vehicle right behind the last one (a discharging queue the loop cannot see) extends by a full passage.
    sut.observe([at(-1), at(-1)]);
    expect(sut.observe([at(5, 'b'), at(-1)])).toEqual(new Set([0]));
    expect(sut.extensionS(0)).toBeUndefined();
  });

  it('counts vehicles into a zone at its advance loops and out at its stop bars: an empty zone needs no full passage', () => {
    const at = (speedMps: number, ...vehicleIds: string[]) => ({ vehicleIds, meanSpeedMps: speedMps });
    const gate = slowCallBelowMps(13.89);
    // Loop 0: stop bar 3 m before the line; loop 1: the same lane's advance loop.
    const sut = new PassageCalls([0, 1], [], new Map([[0, gate], [1, gate]]), new Map([[0, 3]]), [{ advanceLoops: [1], stopBarLoops: [0] }]);
    // A queue of three came over the advance loop: 'a' stands on the stop bar, 'c' and 'b' between the loops.
    sut.observe([at(-1), at(12, 'a')]);
    sut.observe([at(-1), at(11, 'c')]);
    sut.observe([at(0, 'a'), at(10, 'b')]);
    sut.observe([at(0, 'a'), at(-1)]);
    // 'a' leaves and 'c' is right behind it; 'b' is still in the zone: its discharge time, one saturation headway.
    sut.observe([at(-1), at(-1)]);
    expect(sut.observe([at(4, 'c'), at(-1)])).toEqual(new Set([0]));
    expect(sut.extensionS(0)).toBe(SATURATION_HEADWAY_S);
    // 'b', the last one counted in, crosses right behind 'c': nobody is left between the loops.
    expect(sut.observe([at(5, 'c', 'b'), at(-1)])).toEqual(new Set([0]));
    expect(sut.extensionS(0)).toBeCloseTo(0.6);
  });

  it('extends a stop-bar call by the discharge time of the vehicles still counted in its zone, per lane', () => {
    const at = (speedMps: number, ...vehicleIds: string[]) => ({ vehicleIds, meanSpeedMps: speedMps });
    const gate = slowCallBelowMps(13.89);
    // Two lanes: stop bars 0 and 1, advance loops 2 and 3.
    const sut = new PassageCalls([0, 1, 2, 3], [], new Map([0, 1, 2, 3].map((l) => [l, gate])), new Map([[0, 3], [1, 3]]), [{ advanceLoops: [2, 3], stopBarLoops: [0, 1] }]);
    // Six vehicles come over the advance loops; 'a' reaches a stop bar right behind another one's step.
    sut.observe([at(-1), at(-1), at(12, 'a', 'b'), at(12, 'c', 'd')]);
    sut.observe([at(-1), at(-1), at(12, 'e'), at(12, 'f')]);
    sut.observe([at(0, 'a'), at(-1), at(-1), at(-1)]);
    // 'b' crosses right behind 'a': four still counted over two lanes, two headways.
    expect(sut.observe([at(4, 'a', 'b'), at(-1), at(-1), at(-1)])).toEqual(new Set([0]));
    expect(sut.extensionS(0)).toBe(2 * SATURATION_HEADWAY_S);
  });

  it('empties a zone whose loops all stayed empty for ZONE_STALE_STEPS, whatever its count', () => {
    const at = (speedMps: number, ...vehicleIds: string[]) => ({ vehicleIds, meanSpeedMps: speedMps });
    const gate = slowCallBelowMps(13.89);
    const sut = new PassageCalls([0, 1], [], new Map([[0, gate], [1, gate]]), new Map([[0, 3]]), [{ advanceLoops: [1], stopBarLoops: [0] }]);
    // 'p', 'q' and 'r' cross the advance loop; 'p' parks between the loops, 'q' stops on the stop bar, 'r' behind it.
    sut.observe([at(-1), at(12, 'p')]);
    sut.observe([at(-1), at(12, 'q')]);
    sut.observe([at(0, 'q'), at(12, 'r')]);
    expect(sut.observe([at(4, 'r'), at(-1)])).toEqual(new Set([0]));
    expect(sut.extensionS(0)).toBe(SATURATION_HEADWAY_S);
    for (let i = 0; i < ZONE_STALE_STEPS + 1; i++) sut.observe([at(-1), at(-1)]);
    // The zone counts as empty again: of 's' and 't', the last one counted in now reaches the stop bar.
    sut.observe([at(-1), at(12, 's')]);
    sut.observe([at(0, 's'), at(12, 't')]);
    expect(sut.observe([at(4, 't'), at(-1)])).toEqual(new Set([0]));
    expect(sut.extensionS(0)).toBeCloseTo(0.75);
  });
});

describe(stopBarExtensionS.name, () => {
  it('is the time to the stop line at the crossing speed, never below the floor, unbounded for a stopped vehicle', () => {
    expect(stopBarExtensionS(3, 2)).toBeCloseTo(1.5);
    expect(stopBarExtensionS(3, 12)).toBe(STOP_BAR_MIN_EXTENSION_S);
    expect(stopBarExtensionS(3, 0)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe(slowCallBelowMps.name, () => {
  it('is a fixed share of the speed limit', () => {
    expect(slowCallBelowMps(13.89)).toBeCloseTo(SLOW_CALL_FRACTION * 13.89);
    expect(SLOW_CALL_FRACTION).toBeGreaterThan(0.5);
    expect(SLOW_CALL_FRACTION).toBeLessThan(1);
  });
});

describe(isQueueLoop.name, () => {
  it('takes loops about two seconds of travel upstream (where SUMO puts its own) as queue loops, not stop-bar or advance loops', () => {
    expect(isQueueLoop(3)).toBe(false);
    expect(isQueueLoop(5)).toBe(false);
    expect(isQueueLoop(15)).toBe(true);
    expect(isQueueLoop(22.5)).toBe(true);
    expect(isQueueLoop(30)).toBe(true);
    expect(isQueueLoop(60)).toBe(false);
  });
});

describe(isFree.name, () => {
  it('is true for actuated plans without a coordinated phase only', () => {
    expect(isFree(actuated)).toBe(true);
    expect(isFree(coordinated)).toBe(false);
    expect(isFree(fixed)).toBe(false);
  });
});

describe(localActuatedPlan.name, () => {
  it('runs the program free actuated, each phase from its minimum to its maximum green', () => {
    const sut = localActuatedPlan([{ phase: 1, greenS: 42 }, { phase: 2, greenS: 42 }], [{ id: 1, minGreenS: 5, maxGreenS: 84 }, { id: 2, minGreenS: 5, maxGreenS: 84 }], 90);
    expect(isFree(sut)).toBe(true);
    expect(sut.splits).toEqual([
      { phase: 1, greenS: 42, actuation: { minGreenS: 5, maxGreenS: 84, passageS: LOCAL_PASSAGE_S } },
      { phase: 2, greenS: 42, actuation: { minGreenS: 5, maxGreenS: 84, passageS: LOCAL_PASSAGE_S } },
    ]);
    expect(greenAtStart(sut, 2, 0, 0, { minGreenS: 5, maxGreenS: 84 })).toBe(84);
  });
});
