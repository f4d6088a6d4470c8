import { buildTopic, type ControllerState, type SignalPlan } from '@arterial/contracts/mqtt/v1';
import { earliestGreenEndMs, intersectionsOf } from '@arterial/contracts/network';
import { validPlan } from '../controller/testing/plan-factory';
import { gridNetwork } from '../network/grid-network';
import type { DeviceMessage } from './outbound-message';
import { SimulationEngine } from './simulation-engine';

// 10:00 local time (UTC+8): light off-peak traffic.
const START = Date.UTC(2025, 2, 3, 2, 0, 0);
const PASSAGE_S = 3;

describe(`${SimulationEngine.name} actuation on simulated detector calls`, () => {
  const network = gridNetwork({ rows: 1, cols: 2 });
  const junction = intersectionsOf(network)[0]!.properties;
  const id = junction.id;
  /** A free actuated plan: each phase between its minimum (pedestrians included) and its nominal greenS. */
  const actuatedPlan = (): SignalPlan => {
    const plan = validPlan(junction, { issuedAt: START + 5_000, expiresAt: START + 20 * 60_000 }, START + 5_000);
    return {
      ...plan,
      splits: plan.splits.map((s) => {
        const phase = junction.phases.find((p) => p.id === s.phase)!;
        const minGreenS = earliestGreenEndMs(phase, 0) / 1000;
        return { ...s, actuation: { minGreenS, maxGreenS: s.greenS, passageS: PASSAGE_S } };
      }),
    };
  };

  /** Greens (phase, seconds) that start and end between fromMs and toMs, read off the state messages. */
  function greens(detectorCalls: boolean, fromMs: number, toMs: number): { phase: number; greenS: number }[] {
    // The centre sends one plan only: no fallback for its silence within the test.
    const sut = new SimulationEngine(network, { seed: 3 }, { detectorCalls, centreLink: { centreSilenceS: 3600 } });
    const messages: DeviceMessage[] = [];
    const sink = { publish: (m: DeviceMessage) => void messages.push(m) };
    sut.start(START, sink);
    sut.advanceTo(START + 5_000, sink);
    sut.receivePlan(id, buildTopic('plan', id), JSON.stringify(actuatedPlan()), sink);
    expect(messages.find((m) => m.kind === 'plan-ack')?.payload).toMatchObject({ accepted: true });
    sut.advanceTo(toMs, sink);
    const states = messages.flatMap((m) => (m.kind === 'state' && m.deviceId === id ? [m.payload] : [])) as ControllerState[];
    const out: { phase: number; greenS: number }[] = [];
    for (const phase of junction.sequence) {
      let since: number | undefined;
      for (const s of states) {
        const green = s.phases.find((p) => p.id === phase)!.state === 'green';
        if (green && since === undefined) since = s.ts;
        else if (!green && since !== undefined) {
          if (since >= fromMs) out.push({ phase, greenS: (s.ts - since) / 1000 });
          since = undefined;
        }
      }
    }
    return out;
  }

  it('gaps out detected phases in light traffic: shorter than greenS, never below the minimum', () => {
    const plan = actuatedPlan();
    const fromMs = START + 5 * 60_000;
    const toMs = START + 19 * 60_000;
    const actuated = greens(true, fromMs, toMs);
    expect(actuated.length).toBeGreaterThan(8);
    const split = (phase: number) => plan.splits.find((s) => s.phase === phase)!;
    for (const g of actuated) {
      expect(g.greenS).toBeGreaterThanOrEqual(split(g.phase).actuation!.minGreenS - 1e-9);
      expect(g.greenS).toBeLessThanOrEqual(split(g.phase).greenS + 1e-9);
    }
    // Phases with a detector in their lanes gap out; a phase with none (the left turns here) is on recall and runs to its maximum.
    const gappedOut = actuated.filter((g) => g.greenS < split(g.phase).greenS - 1);
    expect(gappedOut.length).toBeGreaterThan(actuated.length / 4);
    // Calls also extend greens past the minimum: the length follows the traffic, not a constant.
    expect(gappedOut.some((g) => g.greenS > split(g.phase).actuation!.minGreenS + 1)).toBe(true);

    // Without detector calls the same plan runs every green at its greenS.
    const fixed = greens(false, fromMs, toMs);
    expect(fixed.length).toBeGreaterThan(4);
    for (const g of fixed) expect(g.greenS).toBeCloseTo(split(g.phase).greenS, 0);
  });
});
