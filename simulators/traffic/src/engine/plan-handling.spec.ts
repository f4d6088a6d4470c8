import { buildTopic, validatePayload, type ControllerState } from '@arterial/contracts/mqtt/v1';
import { intersectionsOf } from '@arterial/contracts/network';
import { validPlan } from '../controller/testing/plan-factory';
import { gridNetwork } from '../network/grid-network';
import type { DeviceMessage } from './outbound-message';
import { SimulationEngine } from './simulation-engine';

const START = Date.UTC(2025, 2, 3, 0, 0, 0, 300);

describe(`${SimulationEngine.name} plan handling`, () => {
  const network = gridNetwork({ rows: 1, cols: 2 });
  const junction = intersectionsOf(network)[0]!.properties;
  const id = junction.id;

  function run(): { sut: SimulationEngine; messages: DeviceMessage[]; sink: { publish(m: DeviceMessage): void } } {
    const sut = new SimulationEngine(network, { seed: 1 }, { centreLink: { centreSilenceS: 900 } });
    const messages: DeviceMessage[] = [];
    const sink = { publish: (m: DeviceMessage) => void messages.push(m) };
    sut.start(START, sink);
    return { sut, messages, sink };
  }
  const statesOf = (messages: DeviceMessage[]): ControllerState[] =>
    messages.flatMap((m) => (m.kind === 'state' && m.deviceId === id ? [m.payload] : []));

  it('acks a plan on plan/ack, runs it after the transition, then falls back when the centre goes silent', () => {
    const { sut, messages, sink } = run();
    sut.advanceTo(START + 5_000, sink);
    const plan = validPlan(junction, { issuedAt: START + 5_000, expiresAt: START + 7_200_000 });
    sut.receivePlan(id, buildTopic('plan', id), JSON.stringify(plan), sink);
    sut.receivePlan(id, buildTopic('plan', id), JSON.stringify(plan), sink);
    const acks = messages.filter((m) => m.kind === 'plan-ack');
    expect(acks).toHaveLength(2);
    expect(acks[0]!.payload).toEqual({ planId: plan.planId, accepted: true, ts: START + 5_000 });
    expect(acks[1]!.payload).toEqual(acks[0]!.payload);

    sut.advanceTo(START + 800_000, sink);
    const adaptive = statesOf(messages).filter((s) => s.mode === 'adaptive' && s.cycleS === plan.cycleS);
    expect(adaptive.length).toBeGreaterThan(0);
    expect(adaptive.every((s) => s.planId === plan.planId)).toBe(true);

    // Silent since START + 5 s: at the first tick from + 905 s (START is 0.3 s past a second) it gives up the centre plan and says why.
    sut.advanceTo(START + 910_000, sink);
    const fault = messages.find((m) => m.kind === 'status' && m.deviceId === id && m.payload.faults.includes('CENTRE_SILENT'));
    expect(fault?.payload.ts).toBe(START - 300 + 906_000);
    sut.advanceTo(START + 2_400_000, sink);
    const last = statesOf(messages).at(-1)!;
    expect(last).toMatchObject({ mode: 'fixed', planId: junction.fallbackPlan.planId, cycleS: junction.fallbackPlan.cycleS });
    for (const m of messages) {
      const result = validatePayload(m.kind, m.payload, { nowMs: Number.MAX_SAFE_INTEGER });
      if (!result.ok) throw new Error(`${m.kind}: ${result.detail}`);
    }
    // State still comes once a second and at every change, in time order, through both switches.
    const states = statesOf(messages);
    for (let i = 1; i < states.length; i++) expect(states[i]!.ts).toBeGreaterThan(states[i - 1]!.ts);
  });

  it('rejects an unreadable plan that names its planId, and ignores one that does not', () => {
    const { sut, messages, sink } = run();
    sut.receivePlan(id, buildTopic('plan', id), JSON.stringify({ planId: 'p-9', cycleS: 'long' }), sink);
    sut.receivePlan(id, buildTopic('plan', id), 'not json', sink);
    const acks = messages.filter((m) => m.kind === 'plan-ack').map((m) => m.payload);
    expect(acks).toEqual([{ planId: 'p-9', accepted: false, reason: expect.stringMatching(/^contract-schema: /), ts: START }]);
  });
});
