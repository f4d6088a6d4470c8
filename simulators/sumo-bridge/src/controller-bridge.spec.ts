import { buildTopic, type CommandAck, type ControllerCommand, type ControllerState, type PlanAck, type SignalPlan } from '@arterial/contracts/mqtt/v1';
import { ContractPublisher, type WireMessage } from '@arterial/device-kit';
import { controllerClockOf } from './controller-clock';
import { CENTRE_PROGRAM_ID, type ControllerEvent, type ControllerOptions, ControllerBridge, NOTHING_TO_RESUME } from './controller-bridge';
import type { TraciClient } from './traci/traci-client';
import type { TlsLogic } from './traci/traffic-light-logic';
import { epochMappingOf } from './run-window';

const phase = (durationS: number, state: string) => ({ durationS, state, minDurS: durationS, maxDurS: durationS, next: [], name: '' });
const LOCAL: TlsLogic = { programId: '0', type: 0, currentPhaseIndex: 0, subParameters: {}, phases: [phase(42, 'Gr'), phase(3, 'yr'), phase(42, 'rG'), phase(3, 'ry')] };

function fakes(nowMs: () => number) {
  const calls: string[] = [];
  const traci = {
    tlsProgram: async () => '0',
    tlsLogics: async () => [LOCAL],
    tlsPhase: async () => 0,
    tlsNextSwitch: async () => 42,
    setTlsLogic: async (_id: string, logic: TlsLogic) => void calls.push(`logic ${logic.programId} ${logic.phases.map((p) => p.durationS).join(',')}`),
    setTlsProgram: async (_id: string, programId: string) => void calls.push(`program ${programId}`),
    setTlsPhase: async (_id: string, i: number) => void calls.push(`phase ${i}`),
    setTlsPhaseDuration: async (_id: string, s: number) => void calls.push(`duration ${s}`),
    setTlsState: async (_id: string, state: string) => void calls.push(`state ${state}`),
  } as unknown as TraciClient;
  const published: { topic: string; payload: unknown }[] = [];
  // The real publisher, so every payload the light sends is checked against the contract.
  const publisher = new ContractPublisher({ publish: (m: WireMessage, done) => (published.push({ topic: m.topic, payload: JSON.parse(m.payload) }), done?.()) }, nowMs);
  return { traci, publisher, calls, published };
}

/** The broker delivering a message on the light's plan topic. */
const send = (sut: ControllerBridge, plan: unknown): void => sut.receivePlan(buildTopic('plan', sut.tlsId), Buffer.from(JSON.stringify(plan)));

/** The broker delivering a message on the light's command topic. */
const command = (sut: ControllerBridge, body: unknown): void => sut.receiveCommand(buildTopic('command', sut.tlsId), Buffer.from(JSON.stringify(body)));

describe(ControllerBridge.name, () => {
  let now = 1_800_000_000_000;
  const events: ControllerEvent[] = [];
  const plan = (over: Partial<SignalPlan> = {}): SignalPlan => ({
    planId: 'p1', issuedAt: now, expiresAt: now + 60_000, cycleS: 90, offsetS: 0, splits: [{ phase: 1, greenS: 50 }, { phase: 2, greenS: 34 }], reason: 'test', ...over,
  });

  /** No vehicle on a loop this step. */
  const none = { vehicleIds: [], occupancyPct: 0, meanSpeedMps: -1 };

  /**
   * A controller with loops on W_0 and S_0 running a coordinated plan whose phase 2 is actuated (minimum 8 s, maximum
   * 34 s, passage 3 s), brought to phase 2's green at 143 s with every loop empty; its recorded calls cleared.
   */
  async function atSecondGreen(t0: number, detectorsOnLane: Map<string, number[]>, options: Partial<ControllerOptions>) {
    const f = fakes(() => t0);
    const traci = Object.assign(f.traci, { tlsControlledLanes: async () => ['W_0', 'S_0'] });
    const sut = new ControllerBridge('A0', traci, f.publisher, { minGreenS: 5, detectorsOnLane, nowMs: () => t0, ...options });
    await sut.start();
    await sut.onStep(1, t0 + 1_000, { phaseIndex: 0, nextSwitchS: 42 });
    send(sut, plan({ issuedAt: t0, expiresAt: t0 + 3_600_000, coordinatedPhase: 1, splits: [{ phase: 1, greenS: 50 }, { phase: 2, greenS: 34, actuation: { minGreenS: 8, maxGreenS: 34, passageS: 3 } }] }));
    await sut.onStep(45, t0 + 45_000, { phaseIndex: 2, nextSwitchS: 87 });
    await sut.onStep(90, t0 + 90_000, { phaseIndex: 0, nextSwitchS: 140 });
    await sut.onStep(141, t0 + 141_000, { phaseIndex: 1, nextSwitchS: 143 });
    await sut.onStep(144, t0 + 144_000, { phaseIndex: 2, nextSwitchS: 177 }, [...detectorsOnLane.values()].flat().map(() => none));
    f.calls.length = 0;
    return { sut, f };
  }

  it('announces itself, acks plans, applies them at the cycle boundary and falls back at expiry', async () => {
    const f = fakes(() => now);
    const sut = new ControllerBridge('A0', f.traci, f.publisher, { minGreenS: 5, nowMs: () => now, onEvent: (e) => events.push(e) });
    await sut.start();
    expect(f.published[0]).toEqual({ topic: 'arterial/v1/controllers/A0/status', payload: { online: true, firmware: expect.any(String), faults: [], ts: now } });

    await sut.onStep(1, now, { phaseIndex: 0, nextSwitchS: 42 });
    send(sut, plan());
    send(sut, plan({ planId: 'p2', splits: [{ phase: 1, greenS: 1 }, { phase: 2, greenS: 83 }] }));
    send(sut, plan({ planId: 'p3', issuedAt: now + 3_600_000, expiresAt: now + 7_200_000 }));
    send(sut, plan({ planId: 'p4', splits: [{ phase: 1, greenS: 50 }, { phase: 2, greenS: 35 }] }));
    send(sut, plan()); // a QoS 1 redelivery: the same ack again, no second event
    await sut.onStep(2, now, { phaseIndex: 0, nextSwitchS: 42 }); // still in the same cycle: nothing applied yet
    expect(f.calls).toEqual([]);
    const acks = f.published.filter((p) => p.topic.endsWith('/plan/ack')).map((p) => p.payload as PlanAck);
    expect(acks.map((a) => [a.planId, a.accepted])).toEqual([['p1', true], ['p2', false], ['p3', false], ['p4', false], ['p1', true]]);
    // The contracts' rule set: the same reasons the centre gives, exact cycle sums included.
    expect(acks[1]?.reason).toBe('green-below-minimum: phase 1 green 1 s < minimum 5 s');
    expect(acks[2]?.reason).toMatch(/^issued-in-future: /);
    expect(acks[3]?.reason).toBe('cycle-mismatch: greens plus yellow and all-red take 91 s, cycle is 90 s');
    expect(acks[4]).toEqual(acks[0]);

    await sut.onStep(45, now, { phaseIndex: 2, nextSwitchS: 87 });
    await sut.onStep(90, now, { phaseIndex: 0, nextSwitchS: 132 });
    // now is a whole multiple of 90 s and the offset 0: already coordinated, so the plan runs at once.
    expect(f.calls).toEqual([`logic ${CENTRE_PROGRAM_ID} 50,3,34,3`, 'duration 50']);
    const states = f.published.filter((p) => p.topic.endsWith('/state')).map((p) => p.payload as { planId: string; mode: string });
    expect(states.at(-1)).toMatchObject({ planId: 'p1', mode: 'adaptive' });

    now += 120_000; // past expiresAt
    await sut.onStep(135, now, { phaseIndex: 2, nextSwitchS: 177 });
    // The boundary at 180 s is on SUMO's own rhythm (a whole number of its 90 s cycles): it takes over at once.
    await sut.onStep(180, now, { phaseIndex: 0, nextSwitchS: 230 });
    expect(f.calls.slice(2)).toEqual(['program 0', 'phase 0', 'duration 42']);
    expect(events.map((e) => e.kind)).toEqual(['plan-ack', 'plan-ack', 'plan-ack', 'plan-ack', 'plan-applied', 'plan-coordinated', 'plan-expired', 'local-restored']);
    const statuses = f.published.filter((p) => p.topic.endsWith('/status')).map((p) => p.payload as { faults: string[] });
    expect(statuses.at(-1)?.faults).toEqual(['PLAN_EXPIRED']);

    await sut.stop();
    expect(f.published.at(-1)?.payload).toMatchObject({ online: false });
  });

  it('reaches a plan offset through transition cycles installed at successive boundaries', async () => {
    const t0 = 1_800_000_000_000; // (t0 − 0) mod 90 s = 0
    const f = fakes(() => t0);
    const seen: ControllerEvent[] = [];
    const sut = new ControllerBridge('A0', f.traci, f.publisher, { minGreenS: 5, nowMs: () => t0, onEvent: (e) => seen.push(e) });
    await sut.start();
    await sut.onStep(1, t0 + 1_000, { phaseIndex: 0, nextSwitchS: 42 });
    send(sut, plan({ planId: 'off', issuedAt: t0, expiresAt: t0 + 3_600_000, offsetS: 30 }));
    await sut.onStep(45, t0 + 45_000, { phaseIndex: 2, nextSwitchS: 87 });
    // Boundary at t0 + 90 s: the cycle should start at t0 + 120 s, 30 s ahead; lengthening by 30 fits one cycle.
    // SUMO shows the switch one step late: seen at 91 s, phase 0 started at 90 s (its switch is due at 132 s).
    // The 30 s go to both greens in proportion to their room below the phases' maximum green (84 s each).
    await sut.onStep(91, t0 + 91_000, { phaseIndex: 0, nextSwitchS: 132 });
    expect(f.calls).toEqual([`logic ${CENTRE_PROGRAM_ID} 65,3,49,3`, 'duration 64']);
    const states = f.published.filter((p) => p.topic.endsWith('/state')).map((p) => p.payload as { planId: string; cycleS: number });
    expect(states.at(-1)).toMatchObject({ planId: 'off', cycleS: 120 });
    await sut.onStep(162, t0 + 162_000, { phaseIndex: 2, nextSwitchS: 207 });
    // The transition cycle (120 s) ends at t0 + 210 s, and (t0 + 210 s − 30 s) mod 90 s = 0.
    // SUMO still runs the transition program here: its first green (65 s) is due to switch at 210 + 65 s.
    await sut.onStep(211, t0 + 211_000, { phaseIndex: 0, nextSwitchS: 275 });
    expect(f.calls.slice(2)).toEqual([`logic ${CENTRE_PROGRAM_ID} 50,3,34,3`, 'duration 49']);
    expect(seen.filter((e) => e.kind !== 'plan-ack')).toEqual([
      { kind: 'plan-applied', tlsId: 'A0', planId: 'off', simTimeS: 90, transitionCycles: 1 },
      { kind: 'plan-coordinated', tlsId: 'A0', planId: 'off', simTimeS: 210, tsMs: t0 + 210_000, transitionCycles: 1, residualS: 0 },
    ]);
  });

  it('installs a free actuated plan at the next boundary as it is, without seeking its offset', async () => {
    const t0 = 1_800_000_000_000;
    const f = fakes(() => t0);
    const seen: ControllerEvent[] = [];
    const sut = new ControllerBridge('A0', f.traci, f.publisher, { minGreenS: 5, nowMs: () => t0, onEvent: (e) => seen.push(e) });
    await sut.start();
    await sut.onStep(1, t0 + 1_000, { phaseIndex: 0, nextSwitchS: 42 });
    const act = { minGreenS: 8, maxGreenS: 60, passageS: 3 };
    send(sut, plan({ planId: 'free', issuedAt: t0, expiresAt: t0 + 3_600_000, offsetS: 30, splits: [{ phase: 1, greenS: 50, actuation: act }, { phase: 2, greenS: 34, actuation: act }] }));
    await sut.onStep(45, t0 + 45_000, { phaseIndex: 2, nextSwitchS: 87 });
    // The same boundary as the offset-seeking test above: a coordinated plan would run a 120 s transition cycle.
    await sut.onStep(91, t0 + 91_000, { phaseIndex: 0, nextSwitchS: 132 });
    expect(f.calls.slice(0, 2)).toEqual([`logic ${CENTRE_PROGRAM_ID} 50,3,34,3`, 'duration 49']);
    expect(seen.filter((e) => e.kind !== 'plan-ack').map((e) => [e.kind, 'transitionCycles' in e ? e.transitionCycles : undefined])).toEqual([
      ['plan-applied', 0],
      ['plan-coordinated', 0],
    ]);
  });

  it("returns to SUMO's own program through a transition onto its own rhythm", async () => {
    let wall = 1_800_000_000_000;
    const f = fakes(() => wall);
    const seen: ControllerEvent[] = [];
    const sut = new ControllerBridge('A0', f.traci, f.publisher, { minGreenS: 5, nowMs: () => wall, onEvent: (e) => seen.push(e) });
    await sut.start();
    await sut.onStep(1, wall, { phaseIndex: 0, nextSwitchS: 42 });
    send(sut, plan({ planId: 'short', issuedAt: wall, expiresAt: wall + 60_000 }));
    await sut.onStep(45, wall, { phaseIndex: 2, nextSwitchS: 87 });
    await sut.onStep(90, wall, { phaseIndex: 0, nextSwitchS: 140 });
    wall += 120_000;
    await sut.onStep(120, wall, { phaseIndex: 2, nextSwitchS: 177 });
    // Expired at a boundary 20 s after SUMO's own cycle start (200 = 2·90 + 20): 70 s to the next one, or −20 s.
    await sut.onStep(200, wall, { phaseIndex: 0, nextSwitchS: 250 });
    expect(f.calls.slice(2)).toEqual([`logic ${CENTRE_PROGRAM_ID} 32,3,32,3`, 'duration 32']);
    await sut.onStep(235, wall, { phaseIndex: 2, nextSwitchS: 267 });
    await sut.onStep(270, wall, { phaseIndex: 0, nextSwitchS: 302 });
    expect(f.calls.slice(4)).toEqual(['program 0', 'phase 0', 'duration 42']);
    expect(seen.at(-1)).toEqual({ kind: 'local-restored', tlsId: 'A0', simTimeS: 270, transitionCycles: 1 });
  });

  it("checks plans on the run's simulated time with the simulation clock, where the wall clock would expire them", async () => {
    // A one-hour run mapped to 2023: simulated second 3000 is long past on the wall clock.
    const epoch = epochMappingOf({ beginS: 0, endS: 3600 }, 0, 1_700_000_000_000);
    const acksOf = async (kind: 'wall' | 'simulation'): Promise<[string, boolean, string | undefined][]> => {
      const clock = controllerClockOf(kind, { beginS: 0, epochMsOf: epoch.epochMsOf });
      const f = fakes(clock.nowMs);
      const sut = new ControllerBridge('A0', f.traci, f.publisher, { minGreenS: 5, nowMs: clock.nowMs });
      await sut.start();
      clock.atStep(3000);
      const t = epoch.epochMsOf(3000);
      send(sut, plan({ planId: 'current', issuedAt: t - 2000, expiresAt: t + 900_000 }));
      send(sut, plan({ planId: 'stale', issuedAt: t - 1_000_000, expiresAt: t - 100_000 }));
      send(sut, plan({ planId: 'ahead', issuedAt: t + 600_000, expiresAt: t + 1_500_000 }));
      return f.published.filter((p) => p.topic.endsWith('/plan/ack')).map((p) => p.payload as PlanAck).map((a) => [a.planId, a.accepted, a.reason?.split(':')[0]]);
    };
    expect(await acksOf('simulation')).toEqual([['current', true, undefined], ['stale', false, 'expired'], ['ahead', false, 'issued-in-future']]);
    expect(await acksOf('wall')).toEqual([['current', false, 'expired'], ['stale', false, 'expired'], ['ahead', false, 'expired']]);
  });

  it('latches to flash on a conflict the monitor sees, raises CONFLICT_FLASH and refuses plans', async () => {
    const f = fakes(() => now);
    const seen: ControllerEvent[] = [];
    const sut = new ControllerBridge('A0', f.traci, f.publisher, { minGreenS: 5, nowMs: () => now, onEvent: (e) => seen.push(e) });
    await sut.start();
    await sut.onStep(1, now, { phaseIndex: 0, nextSwitchS: 42, state: 'Gr' });
    await sut.onStep(2, now, { phaseIndex: 0, nextSwitchS: 42, state: 'GG' });
    expect(f.calls).toEqual(['state oo']);
    expect(seen).toEqual([{ kind: 'conflict-flash', tlsId: 'A0', simTimeS: 2, violations: [expect.objectContaining({ kind: 'conflict', links: [0, 1] })] }]);
    const last = <T>(suffix: string): T => f.published.filter((p) => p.topic.endsWith(suffix)).at(-1)?.payload as T;
    expect(last<{ faults: string[] }>('/status').faults).toEqual(['CONFLICT_FLASH']);
    expect(last<{ mode: string; phases: { state: string }[] }>('/state')).toMatchObject({ mode: 'flash', cycleS: 0, phases: [{ state: 'flashing-yellow' }, { state: 'flashing-yellow' }] });
    send(sut, plan({ planId: 'late' }));
    await sut.stop();
    expect(f.published.filter((p) => p.topic.endsWith('/plan/ack')).map((p) => p.payload)).toEqual([{ planId: 'late', accepted: false, reason: 'conflict-monitor flash' }]);
  });

  it('gaps out an actuated phase and gives the time back to the coordinated phase', async () => {
    const t0 = 1_800_000_000_000; // (t0 − 0) mod 90 s = 0
    const f = fakes(() => t0);
    // Link 0 (phase 1) comes from lane W_0, link 1 (phase 2) from lane S_0: detector 0 on W_0, detector 1 on S_0.
    const traci = Object.assign(f.traci, { tlsControlledLanes: async () => ['W_0', 'S_0'] });
    const sut = new ControllerBridge('A0', traci, f.publisher, { minGreenS: 5, detectorsOnLane: new Map([['W_0', [0]], ['S_0', [1]]]), nowMs: () => t0 });
    await sut.start();
    await sut.onStep(1, t0 + 1_000, { phaseIndex: 0, nextSwitchS: 42 });
    send(sut, plan({ issuedAt: t0, expiresAt: t0 + 3_600_000, coordinatedPhase: 1, splits: [{ phase: 1, greenS: 50 }, { phase: 2, greenS: 34, actuation: { minGreenS: 8, maxGreenS: 34, passageS: 3 } }] }));
    await sut.onStep(45, t0 + 45_000, { phaseIndex: 2, nextSwitchS: 87 });
    await sut.onStep(90, t0 + 90_000, { phaseIndex: 0, nextSwitchS: 140 }); // coordinated at once: plan installed
    const car = { vehicleIds: ['v'], occupancyPct: 50, meanSpeedMps: 5 };
    const none = { vehicleIds: [], occupancyPct: 0, meanSpeedMps: -1 };
    // A new vehicle on the loop each step: passages, each extending the green.
    const passing = (t: number) => ({ vehicleIds: [`v${t}`], occupancyPct: 50, meanSpeedMps: 8 });
    await sut.onStep(141, t0 + 141_000, { phaseIndex: 1, nextSwitchS: 143 });
    await sut.onStep(144, t0 + 144_000, { phaseIndex: 2, nextSwitchS: 177 }, [none, car]); // phase 2 green from 143 s
    f.calls.length = 0;
    for (let t = 145; t <= 150; t++) await sut.onStep(t, t0 + t * 1000, { phaseIndex: 2, nextSwitchS: 177 }, [car, t <= 147 ? passing(t) : none]);
    // Minimum green 8 s is over at 151 s, the last car at 147 s: 3 s gap reached at 150 s, but the minimum is not.
    expect(f.calls).toEqual([]);
    await sut.onStep(151, t0 + 151_000, { phaseIndex: 2, nextSwitchS: 177 }, [car, none]);
    expect(f.calls).toEqual(['duration 0']);
    // Phase 1 starts early after the 3 s yellow, at 154 s (cycle second 64 of the cycle that began at 90 s; seen at
    // 155 s), and runs to its yield point, 50 s into the next cycle: 230 s, 75 s from now.
    await sut.onStep(155, t0 + 155_000, { phaseIndex: 0, nextSwitchS: 204 }, [car, none]);
    expect(f.calls).toEqual(['duration 0', 'duration 75']);
  });

  it("extends a slow crossing at a gated stop-bar loop only by the vehicle's time to the stop line", async () => {
    const t0 = 1_800_000_000_000;
    const gapOutAt = async (options: Partial<ControllerOptions>): Promise<number | undefined> => {
      const { sut, f } = await atSecondGreen(t0, new Map([['W_0', [0]], ['S_0', [1]]]), options);
      // Isolated turning vehicles crossing the stop-bar loop (3 m before the line) at 5 m/s, every 3 s until 151 s.
      const turning = (t: number) => (t % 3 === 1 ? { vehicleIds: [`v${t}`], occupancyPct: 50, meanSpeedMps: 5 } : none);
      for (let t = 145; t <= 160; t++) {
        await sut.onStep(t, t0 + t * 1000, { phaseIndex: 2, nextSwitchS: 177 }, [none, t <= 151 ? turning(t) : none]);
        if (f.calls.includes('duration 0')) return t;
      }
      return undefined;
    };
    // A full passage (3 s) from the last call at 151 s; 0.6 s to the stop line ends the green one step after it.
    expect(await gapOutAt({ slowBelowMps: new Map([[1, 11]]) })).toBe(154);
    expect(await gapOutAt({ slowBelowMps: new Map([[1, 11]]), stopBarM: new Map([[1, 3]]) })).toBe(152);
  });

  it('does not extend on a silent loop (a stop-bar loop on a lane with a queue loop): the queue loop alone decides', async () => {
    const t0 = 1_800_000_000_000;
    const gapOutAt = async (options: Partial<ControllerOptions>): Promise<number | undefined> => {
      // S_0 has a stop-bar loop (1) and a queue loop (2).
      const { sut, f } = await atSecondGreen(t0, new Map([['W_0', [0]], ['S_0', [1, 2]]]), { queueDetectors: new Set([2]), ...options });
      const passing = (t: number) => ({ vehicleIds: [`v${t}`], occupancyPct: 50, meanSpeedMps: 8 });
      // The queue has left the queue loop; the last vehicles cross the stop-bar loop until 150 s.
      for (let t = 145; t <= 160; t++) {
        await sut.onStep(t, t0 + t * 1000, { phaseIndex: 2, nextSwitchS: 177 }, [none, t <= 150 ? passing(t) : none, none]);
        if (f.calls.includes('duration 0')) return t;
      }
      return undefined;
    };
    expect(await gapOutAt({})).toBe(153); // 3 s passage after the crossing at 150 s
    expect(await gapOutAt({ silentLoops: new Set([1]) })).toBe(151); // at the minimum green: nothing called
  });

  it('extends on vehicles arriving at a loop, not on one standing on it: a waiting left turner does not hold the green', async () => {
    const t0 = 1_800_000_000_000;
    const f = fakes(() => t0);
    const traci = Object.assign(f.traci, { tlsControlledLanes: async () => ['W_0', 'S_0'] });
    const sut = new ControllerBridge('A0', traci, f.publisher, { minGreenS: 5, detectorsOnLane: new Map([['W_0', [0]], ['S_0', [1]]]), nowMs: () => t0 });
    await sut.start();
    await sut.onStep(1, t0 + 1_000, { phaseIndex: 0, nextSwitchS: 42 });
    send(sut, plan({ issuedAt: t0, expiresAt: t0 + 3_600_000, coordinatedPhase: 1, splits: [{ phase: 1, greenS: 50 }, { phase: 2, greenS: 34, actuation: { minGreenS: 8, maxGreenS: 34, passageS: 3 } }] }));
    await sut.onStep(45, t0 + 45_000, { phaseIndex: 2, nextSwitchS: 87 });
    await sut.onStep(90, t0 + 90_000, { phaseIndex: 0, nextSwitchS: 140 });
    const waiting = { vehicleIds: ['left-turner'], occupancyPct: 100, meanSpeedMps: 0 };
    const none = { vehicleIds: [], occupancyPct: 0, meanSpeedMps: -1 };
    await sut.onStep(141, t0 + 141_000, { phaseIndex: 1, nextSwitchS: 143 }, [none, waiting]);
    await sut.onStep(144, t0 + 144_000, { phaseIndex: 2, nextSwitchS: 177 }, [none, waiting]); // phase 2 green from 143 s
    f.calls.length = 0;
    for (let t = 145; t <= 150; t++) await sut.onStep(t, t0 + t * 1000, { phaseIndex: 2, nextSwitchS: 177 }, [none, waiting]);
    expect(f.calls).toEqual([]);
    // Standing on the stop-bar loop since before the green: no arrival, so the phase gaps out at its minimum (151 s).
    await sut.onStep(151, t0 + 151_000, { phaseIndex: 2, nextSwitchS: 177 }, [none, waiting]);
    expect(f.calls).toEqual(['duration 0']);
  });

  describe('commands', () => {
    const t0 = 1_800_000_000_000;
    const order = (action: ControllerCommand['action'], over: Partial<ControllerCommand> = {}): ControllerCommand => ({
      commandId: `c-${action}`, issuedAt: t0, expiresAt: t0 + 60_000, action, reason: 'spec', ...(action === 'hold-phase' ? { phase: 2 } : {}), ...over,
    });
    const acksOf = (f: ReturnType<typeof fakes>) => f.published.filter((p) => p.topic.endsWith('/command/ack')).map((p) => p.payload as CommandAck);
    const statesOf = (f: ReturnType<typeof fakes>) => f.published.filter((p) => p.topic.endsWith('/state')).map((p) => p.payload as ControllerState);

    it('answers each command once: expired, unknown phase and too long a hold refused, a redelivery the same ack', async () => {
      const f = fakes(() => t0);
      const seen: ControllerEvent[] = [];
      const sut = new ControllerBridge('A0', f.traci, f.publisher, { minGreenS: 5, nowMs: () => t0, onEvent: (e) => seen.push(e) });
      await sut.start();
      command(sut, order('hold-phase'));
      command(sut, order('hold-phase', { commandId: 'old', issuedAt: t0 - 120_000, expiresAt: t0 - 1_000 }));
      command(sut, order('hold-phase', { commandId: 'nine', phase: 9 }));
      command(sut, order('hold-phase', { commandId: 'long', expiresAt: t0 + 301_000 }));
      command(sut, order('hold-phase')); // QoS 1 redelivery
      const acks = acksOf(f);
      expect(acks.map((a) => [a.commandId, a.accepted, a.reason])).toEqual([
        ['c-hold-phase', true, undefined], ['old', false, 'expired'], ['nine', false, 'unknown-phase'], ['long', false, expect.stringMatching(/^contract-.*hold lasts at most 300 s/)], ['c-hold-phase', true, undefined],
      ]);
      expect(acks[4]).toEqual(acks[0]);
      expect(seen.filter((e) => e.kind === 'command-ack')).toHaveLength(4);
      await sut.stop();
    });

    it('holds a phase by the sequence, reports manual, and returns to SUMO\'s rhythm through the transition after resume', async () => {
      const f = fakes(() => t0);
      const seen: ControllerEvent[] = [];
      const sut = new ControllerBridge('A0', f.traci, f.publisher, { minGreenS: 5, nowMs: () => t0, onEvent: (e) => seen.push(e) });
      await sut.start();
      await sut.onStep(1, t0, { phaseIndex: 0, nextSwitchS: 42 });
      command(sut, order('hold-phase'));
      await sut.onStep(2, t0, { phaseIndex: 0, nextSwitchS: 42 });
      expect(f.calls).toEqual(['duration 100000']); // SUMO no longer ends the green; its minimum (5 s) is not over
      await sut.onStep(5, t0, { phaseIndex: 0, nextSwitchS: 100_005 });
      expect(f.calls.slice(1)).toEqual(['phase 1', 'duration 100000']); // the green ran 1..5 s, its yellow follows
      for (const t of [6, 7]) await sut.onStep(t, t0, { phaseIndex: 1, nextSwitchS: 100_005 });
      await sut.onStep(8, t0, { phaseIndex: 1, nextSwitchS: 100_005 });
      expect(f.calls.slice(3)).toEqual(['phase 2', 'duration 100000']); // 3 s of yellow, then the held green
      await sut.onStep(9, t0 + 9_000, { phaseIndex: 2, nextSwitchS: 100_008 });
      expect(statesOf(f).at(-1)).toMatchObject({ mode: 'manual', cycleS: 0, phases: [{ id: 1, state: 'red' }, { id: 2, state: 'green', remainingS: 60 }] });
      command(sut, order('resume'));
      await sut.onStep(20, t0, { phaseIndex: 2, nextSwitchS: 100_008 });
      for (const t of [21, 22, 23]) await sut.onStep(t, t0, { phaseIndex: 3, nextSwitchS: 100_020 });
      expect(f.calls.slice(5)).toEqual(['phase 3', 'duration 100000', 'phase 0']);
      // Every step from the acceptance to the release (10 steps called) reported manual.
      expect(statesOf(f).filter((s) => s.mode === 'manual')).toHaveLength(10);
      // Back in the program's phase 0: the next step is a cycle boundary, where the restore transition starts.
      await sut.onStep(24, t0, { phaseIndex: 0, nextSwitchS: 65 });
      expect(f.calls.slice(8)[0]).toMatch(new RegExp(`^logic ${CENTRE_PROGRAM_ID} `));
      expect(statesOf(f).at(-1)?.mode).toBe('fixed');
      command(sut, order('resume', { commandId: 'again' }));
      command(sut, order('resume', { commandId: 'again' }));
      expect(acksOf(f).slice(-2)).toEqual([{ commandId: 'again', accepted: true, reason: NOTHING_TO_RESUME, ts: t0 }, { commandId: 'again', accepted: true, reason: NOTHING_TO_RESUME, ts: t0 }]);
      expect(seen.filter((e) => e.kind === 'command-ended')).toEqual([{ kind: 'command-ended', tlsId: 'A0', simTimeS: 23 }]);
      await sut.stop();
    });

    it('flashes after the change interval and ends the flash through red on every link', async () => {
      let wall = t0;
      const f = fakes(() => wall);
      const sut = new ControllerBridge('A0', f.traci, f.publisher, { minGreenS: 5, nowMs: () => wall });
      await sut.start();
      await sut.onStep(43, wall, { phaseIndex: 1, nextSwitchS: 45 }); // phase 1's yellow, seen from 43 s
      command(sut, order('flash', { expiresAt: wall + 30_000 }));
      await sut.onStep(44, wall, { phaseIndex: 1, nextSwitchS: 45 });
      await sut.onStep(45, wall, { phaseIndex: 1, nextSwitchS: 100_044 });
      expect(f.calls).toEqual(['duration 100000', 'state oo']);
      await sut.onStep(46, wall, { phaseIndex: 0, nextSwitchS: 100_046 });
      expect(statesOf(f).at(-1)).toMatchObject({ mode: 'flash', cycleS: 0, phases: [{ state: 'flashing-yellow' }, { state: 'flashing-yellow' }] });
      wall += 30_000; // expired
      await sut.onStep(60, wall, { phaseIndex: 0, nextSwitchS: 100_046 });
      expect(f.calls.slice(2)).toEqual(['state rr']);
      await sut.onStep(61, wall, { phaseIndex: 0, nextSwitchS: 100_046 });
      expect(statesOf(f).at(-1)).toMatchObject({ mode: 'manual', phases: [{ state: 'red' }, { state: 'red' }] });
      await sut.onStep(62, wall, { phaseIndex: 0, nextSwitchS: 100_046 });
      expect(f.calls.slice(3)).toEqual(['program 0', 'phase 0']);
      await sut.stop();
    });
  });
});
