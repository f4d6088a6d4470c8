/**
 * Virtual controllers towards the centre, over the real embedded broker of a real processor: a plain MQTT client
 * plays the centre, sends plans and watches plan/ack, state and status. The simulator runs 200× real time, so
 * the cycle-boundary waits, offset-seeking transitions and the silence timeout take seconds of wall time.
 */
import type { MqttClient } from 'mqtt';
import { buildTopic, validatePayload, type ControllerState, type ControllerStatus, type PlanAck, type SignalPlan } from '@arterial/contracts/mqtt/v1';
import { intersectionsOf } from '@arterial/contracts/network';
import { gridNetwork } from '@arterial/traffic-sim';
import { waitFor } from '../support/wait-for';
import { startSimWithCentre, type SimWithCentre } from './sim-with-centre';

const SPEED = 200;
/** Simulated seconds; 900 s is 4.5 s of wall time here, longer than any transition, so (a) settles before it. */
const CENTRE_SILENCE_S = 900;

describe('virtual controllers take centre plans', () => {
  const network = gridNetwork({ rows: 1, cols: 2 });
  const junction = intersectionsOf(network)[0]!.properties;
  const id = junction.id;
  let sim: SimWithCentre | undefined;
  let centre: MqttClient;
  const states: ControllerState[] = [];
  const acks: PlanAck[] = [];
  let status: ControllerStatus | undefined;

  beforeAll(async () => {
    sim = await startSimWithCentre({
      name: 'plans',
      stateOf: id,
      topics: [buildTopic('state', id), buildTopic('plan-ack', id), buildTopic('status', id)],
      onMessage: (topic, value) => {
        if (topic === buildTopic('state', id)) states.push(value as ControllerState);
        else if (topic === buildTopic('plan-ack', id)) acks.push(value as PlanAck);
        else if (topic === buildTopic('status', id)) status = value as ControllerStatus;
      },
      simulator: { network, speed: SPEED, seed: 3, centreSilenceS: CENTRE_SILENCE_S },
    });
    centre = sim.centre;
  });

  afterAll(async () => {
    await sim?.close();
  });

  /** The controller's clock, as the centre sees it. */
  const simNow = (): number => states[states.length - 1]!.ts;

  function plan(planId: string, overrides: Partial<SignalPlan> = {}): SignalPlan {
    // The local plan with 10 s more green for the first phase: safe, and a visibly different cycle.
    const local = junction.fallbackPlan;
    const first = junction.sequence[0]!;
    const cycleS = local.cycleS + 10;
    const issuedAt = simNow();
    const payload: SignalPlan = {
      planId,
      issuedAt,
      expiresAt: issuedAt + 3 * 3_600_000,
      cycleS,
      offsetS: 23,
      splits: local.splits.map((s) => (s.phase === first ? { ...s, greenS: s.greenS + 10 } : s)),
      reason: 'controller-plans integration test',
      ...overrides,
    };
    expect(validatePayload('plan', payload, { nowMs: issuedAt }).ok).toBe(true);
    return payload;
  }

  async function send(p: SignalPlan): Promise<PlanAck> {
    await centre.publishAsync(buildTopic('plan', id), JSON.stringify(p), { qos: 1 });
    return waitFor(() => acks.find((a) => a.planId === p.planId), { timeoutMs: 5_000, what: `the ack of ${p.planId}` });
  }

  it('(a) acks a valid plan and runs it in adaptive mode after the transition', async () => {
    const good = plan('centre-a');
    const ack = await send(good);
    expect(ack).toEqual({ planId: 'centre-a', accepted: true, ts: expect.any(Number) });
    expect(validatePayload('plan-ack', ack, { nowMs: simNow() }).ok).toBe(true);
    const from = states.length;
    await waitFor(() => states.slice(from).find((s) => s.planId === 'centre-a' && s.cycleS === good.cycleS), { timeoutMs: 10_000, what: 'the plan running after its transition' });
    const mine = states.slice(from).filter((s) => s.planId === 'centre-a');
    expect(mine.every((s) => s.mode === 'adaptive')).toBe(true);
    // Once settled, the cycle runs on the plan's own offset.
    const settled = mine.filter((s) => s.cycleS === good.cycleS).at(-1)!;
    const expected = ((settled.ts - good.offsetS * 1000) % (good.cycleS * 1000)) / 1000;
    expect(settled.cycleSecond).toBeCloseTo(expected < 0 ? expected + good.cycleS : expected, 3);

    // A redelivery gets the same answer and changes nothing.
    const before = acks.length;
    await centre.publishAsync(buildTopic('plan', id), JSON.stringify(good), { qos: 1 });
    await waitFor(() => acks.length > before, { timeoutMs: 5_000, what: 'the repeated ack' });
    expect(acks[acks.length - 1]).toEqual(ack);
  });

  it('(b) rejects a plan whose green is below the pedestrian minimum and keeps running its plan', async () => {
    const good = plan('centre-b-template');
    const pedPhase = junction.phases.find((p) => p.pedestrian)!;
    const short = pedPhase.pedestrian!.walkS + pedPhase.pedestrian!.clearanceS - 5;
    const other = junction.sequence.find((p) => p !== pedPhase.id && !junction.phases.find((x) => x.id === p)!.pedestrian)!;
    const delta = good.splits.find((s) => s.phase === pedPhase.id)!.greenS - short;
    const unsafe = {
      ...good,
      planId: 'centre-b-unsafe',
      splits: good.splits.map((s) => (s.phase === pedPhase.id ? { ...s, greenS: short } : s.phase === other ? { ...s, greenS: s.greenS + delta } : s)),
    };
    const ack = await send(unsafe);
    expect(ack.accepted).toBe(false);
    expect(ack.reason).toMatch(new RegExp(`green-below-pedestrian: phase ${pedPhase.id} `));
    const from = states.length;
    await waitFor(() => states.length > from + 5, { timeoutMs: 5_000, what: 'more states' });
    expect(states.slice(from).every((s) => s.planId === 'centre-a' && s.mode === 'adaptive')).toBe(true);
  });

  it('(c) returns to its local plan when the centre goes silent, and reports CENTRE_SILENT', async () => {
    const fallback = junction.fallbackPlan;
    await waitFor(() => status?.faults.includes('CENTRE_SILENT') && status, { timeoutMs: 15_000, what: 'status with CENTRE_SILENT' });
    const from = states.length;
    await waitFor(() => states.slice(from).find((s) => s.planId === fallback.planId && s.cycleS === fallback.cycleS), {
      timeoutMs: 10_000,
      what: 'the local plan running again',
    });
    expect(states.slice(from).filter((s) => s.planId === fallback.planId).every((s) => s.mode === 'fixed')).toBe(true);
  });
});
