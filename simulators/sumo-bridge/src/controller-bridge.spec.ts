import { buildTopic, type PlanAck, type SignalPlan } from '@arterial/contracts/mqtt/v1';
import { ContractPublisher, type WireMessage } from '@arterial/device-kit';
import { CENTRE_PROGRAM_ID, type ControllerEvent, ControllerBridge } from './controller-bridge';
import type { TraciClient } from './traci/traci-client';
import type { TlsLogic } from './traci/traffic-light-logic';

const phase = (durationS: number, state: string) => ({ durationS, state, minDurS: durationS, maxDurS: durationS, next: [], name: '' });
const LOCAL: TlsLogic = { programId: '0', type: 0, currentPhaseIndex: 0, subParameters: {}, phases: [phase(42, 'Gr'), phase(3, 'yr'), phase(42, 'rG'), phase(3, 'ry')] };

function fakes(wallNowMs: () => number) {
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
  } as unknown as TraciClient;
  const published: { topic: string; payload: unknown }[] = [];
  // The real publisher, so every payload the light sends is checked against the contract.
  const publisher = new ContractPublisher({ publish: (m: WireMessage, done) => (published.push({ topic: m.topic, payload: JSON.parse(m.payload) }), done?.()) }, wallNowMs);
  return { traci, publisher, calls, published };
}

/** The broker delivering a message on the light's plan topic. */
const send = (sut: ControllerBridge, plan: unknown): void => sut.receivePlan(buildTopic('plan', sut.tlsId), Buffer.from(JSON.stringify(plan)));

describe(ControllerBridge.name, () => {
  let now = 1_800_000_000_000;
  const events: ControllerEvent[] = [];
  const plan = (over: Partial<SignalPlan> = {}): SignalPlan => ({
    planId: 'p1', issuedAt: now, expiresAt: now + 60_000, cycleS: 90, offsetS: 0, splits: [{ phase: 1, greenS: 50 }, { phase: 2, greenS: 34 }], reason: 'test', ...over,
  });

  it('announces itself, acks plans, applies them at the cycle boundary and falls back at expiry', async () => {
    const f = fakes(() => now);
    const sut = new ControllerBridge('A0', f.traci, f.publisher, { minGreenS: 5, wallNowMs: () => now, onEvent: (e) => events.push(e) });
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
    await sut.onStep(180, now, { phaseIndex: 0, nextSwitchS: 222 });
    expect(f.calls.slice(2)).toEqual(['program 0', 'phase 0']);
    expect(events.map((e) => e.kind)).toEqual(['plan-ack', 'plan-ack', 'plan-ack', 'plan-ack', 'plan-applied', 'plan-coordinated', 'plan-expired']);

    await sut.stop();
    expect(f.published.at(-1)?.payload).toMatchObject({ online: false });
  });

  it('reaches a plan offset through transition cycles installed at successive boundaries', async () => {
    const t0 = 1_800_000_000_000; // (t0 − 0) mod 90 s = 0
    const f = fakes(() => t0);
    const seen: ControllerEvent[] = [];
    const sut = new ControllerBridge('A0', f.traci, f.publisher, { minGreenS: 5, wallNowMs: () => t0, onEvent: (e) => seen.push(e) });
    await sut.start();
    await sut.onStep(1, t0 + 1_000, { phaseIndex: 0, nextSwitchS: 42 });
    send(sut, plan({ planId: 'off', issuedAt: t0, expiresAt: t0 + 3_600_000, offsetS: 30 }));
    await sut.onStep(45, t0 + 45_000, { phaseIndex: 2, nextSwitchS: 87 });
    // Boundary at t0 + 90 s: the cycle should start at t0 + 120 s, 30 s ahead; lengthening by 30 fits one cycle.
    // SUMO shows the switch one step late: seen at 91 s, phase 0 started at 90 s (its switch is due at 132 s).
    await sut.onStep(91, t0 + 91_000, { phaseIndex: 0, nextSwitchS: 132 });
    expect(f.calls).toEqual([`logic ${CENTRE_PROGRAM_ID} 68,3,46,3`, 'duration 67']);
    const states = f.published.filter((p) => p.topic.endsWith('/state')).map((p) => p.payload as { planId: string; cycleS: number });
    expect(states.at(-1)).toMatchObject({ planId: 'off', cycleS: 120 });
    await sut.onStep(162, t0 + 162_000, { phaseIndex: 2, nextSwitchS: 207 });
    // The transition cycle (120 s) ends at t0 + 210 s, and (t0 + 210 s − 30 s) mod 90 s = 0.
    await sut.onStep(211, t0 + 211_000, { phaseIndex: 0, nextSwitchS: 278 });
    expect(f.calls.slice(2)).toEqual([`logic ${CENTRE_PROGRAM_ID} 50,3,34,3`, 'duration 49']);
    expect(seen.filter((e) => e.kind !== 'plan-ack')).toEqual([
      { kind: 'plan-applied', tlsId: 'A0', planId: 'off', simTimeS: 90, transitionCycles: 1 },
      { kind: 'plan-coordinated', tlsId: 'A0', planId: 'off', simTimeS: 210, tsMs: t0 + 210_000, transitionCycles: 1, residualS: 0 },
    ]);
  });
});
