/**
 * The adaptive plan engine closing the loop with the project's own field: the traffic simulator's detectors and
 * virtual controllers talk MQTT to the processor's embedded broker (TCP), the processor estimates demand from them,
 * its engine plans one junction with Webster and the other with max-pressure, the dispatcher delivers the plans, the
 * virtual controllers acknowledge and run them, and the audit trail in a private InfluxDB names the engine as actor.
 * The processor's clock is the simulator's virtual time (60× real time), so the minutes of estimation, planning and
 * offset-seeking transition the loop needs take seconds.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import mqtt from 'mqtt';
import type { AuditList, ControlStrategy, DispatchedPlan, PlanList } from '@arterial/contracts/api/v1';
import { buildTopic, type ControllerState } from '@arterial/contracts/mqtt/v1';
import { intersectionsOf } from '@arterial/contracts/network';
import { loadConfig, type RunningProcessor } from '@arterial/processor';
import { gridNetwork, NO_FAULTS, serializeNetwork, startSimulator, type RunningSimulator } from '@arterial/traffic-sim';
import { SimulatorClock } from '../support/simulator-clock';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

const SPEED = 60;
const DAY_MS = 86_400_000;

describe('adaptive plan engine against the simulated field', () => {
  const network = gridNetwork({ rows: 1, cols: 2 });
  const [websterJunction, pressureJunction] = intersectionsOf(network).map((f) => f.properties.id) as [string, string];
  const cases: Array<{ strategy: ControlStrategy; id: string }> = [
    { strategy: 'webster', id: websterJunction },
    { strategy: 'max-pressure', id: pressureJunction },
  ];
  // 00:00 UTC is 08:00 in the simulator's demand profile (UTC+8): the morning peak, within the last day, so every
  // timestamp lies in the past and inside the audit's default 24-hour window.
  const startMs = Math.floor((Date.now() - 3_600_000) / DAY_MS) * DAY_MS;
  const clock = new SimulatorClock(startMs);
  let dir: string;
  let platform: TestPlatform;
  let processor: RunningProcessor;
  let simulator: RunningSimulator;
  let centre: mqtt.MqttClient;
  const states = new Map<string, ControllerState[]>(cases.map((c) => [c.id, []]));

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-control-engine-'));
    const networkFile = path.join(dir, 'grid.geojson');
    fs.writeFileSync(networkFile, serializeNetwork(network));
    platform = await createTestPlatform('control-engine');
    // A controller needs up to three cycles to take a plan with a new cycle (to its next cycle boundary, then up to
    // two offset-seeking cycles); replanning every cycle would keep it in transition while the cycle still moves.
    const env = { CONTROL_STRATEGY: 'webster', CONTROL_STRATEGY_PER_INTERSECTION: `${pressureJunction}=max-pressure`, CONTROL_REPLAN_EVERY_CYCLES: '4' };
    processor = await platform.startProcessor({
      env,
      clock,
      config: {
        networkFile,
        // The engine reads the clock every 50 ms of real time (3 simulated seconds): one tick boundary per read.
        control: { ...loadConfig(env).control, pollMs: 50 },
        // Simulated milliseconds: a second of real time for the acknowledgement over MQTT.
        planDelivery: { ackTimeoutMs: 60_000, retries: 2, maxWaitMs: 120_000, pollMs: 5_000 },
      },
    });
    centre = await mqtt.connectAsync(processor.mqttUrl, { clientId: 'control-engine-observer', reconnectPeriod: 0 });
    centre.on('message', (topic, payload) => {
      const c = cases.find((x) => topic === buildTopic('state', x.id));
      if (c) states.get(c.id)!.push(JSON.parse(payload.toString('utf8')) as ControllerState);
    });
    await centre.subscribeAsync(cases.map((c) => buildTopic('state', c.id)), { qos: 1 });
    simulator = await startSimulator({
      mqttUrl: processor.mqttUrl,
      network,
      speed: SPEED,
      seed: 7,
      startMs,
      faultRates: NO_FAULTS,
      clientIdPrefix: 'control-engine-sim',
      // The engine sends nothing between replans (4 cycles, up to 720 s); the controllers' centre-silence fallback must wait longer.
      centreSilenceS: 900,
    });
    clock.follow(simulator);
  }, 60_000);

  afterAll(async () => {
    await centre?.endAsync();
    await simulator?.stop();
    await platform?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const get = async <T>(p: string): Promise<T> => {
    const res = await fetch(`${processor.httpUrl}${p}`);
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };

  it.each(cases)('plans $id with $strategy from detector data; the controller acknowledges and runs the plan; the audit names the engine', async ({ strategy, id }) => {
    const actor = `engine:${strategy}`;
    // An engine plan the virtual controller acknowledged, and now runs: its state reports the plan id and cycle.
    const { plan, state } = await waitFor(
      async () => {
        const list = await get<PlanList>(`/api/intersections/${id}/plans`);
        for (const p of list.plans.filter((x) => x.status === 'accepted' && x.origin?.actor === actor)) {
          const running = states.get(id)!.find((s) => s.planId === p.plan.planId && s.cycleS === p.plan.cycleS);
          if (running) return { plan: p, state: running };
        }
        return undefined;
      },
      { timeoutMs: 40_000, intervalMs: 200, what: `an accepted ${strategy} plan running at ${id}` },
    );
    expectEnginePlan(plan, strategy);
    expect(state.mode).toBe('adaptive');
    expect(state.ts).toBeGreaterThanOrEqual(plan.ackedAt!);

    // Durable: InfluxDB holds the send by the engine, with its explanation, and the acknowledgement.
    const audit = await waitFor(
      async () => {
        const a = await get<AuditList>(`/api/audit?intersectionId=${id}&limit=2000`);
        return a.events.some((e) => e.action === 'plan-accepted' && e.refId === plan.plan.planId) ? a : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 200, what: `the audited acknowledgement of ${plan.plan.planId}` },
    );
    const sent = audit.events.find((e) => e.action === 'plan-sent' && e.refId === plan.plan.planId);
    expect(sent).toMatchObject({ actor, intersectionId: id, reason: plan.plan.reason });
    const detail = JSON.parse(sent!.detail!) as { source: string; cycleS: number; explanation: { strategy: string } };
    expect(detail).toMatchObject({ source: 'engine', cycleS: plan.plan.cycleS, explanation: { strategy } });
    // Every plan sent to this junction was its own strategy's, and the dispatcher refused none.
    expect(audit.events.filter((e) => e.action === 'plan-sent' && e.actor !== actor)).toEqual([]);
    expect(audit.events.filter((e) => e.action === 'plan-refused')).toEqual([]);
  });
});

/** The plan came from the engine's strategy and explains itself with measured inputs. */
function expectEnginePlan(dispatched: DispatchedPlan, strategy: ControlStrategy): void {
  expect(dispatched.origin).toEqual({ source: 'engine', actor: `engine:${strategy}` });
  expect(dispatched.plan.reason).toMatch(new RegExp(`^engine ${strategy}; `));
  const explanation = dispatched.explanation!;
  expect(explanation).toMatchObject({ strategy, source: 'engine', chosen: { cycleS: dispatched.plan.cycleS, offsetS: dispatched.plan.offsetS } });
  expect(explanation.reason.length).toBeGreaterThan(0);
  expect(explanation.inputs.detectorsUsed).toBeGreaterThan(0);
  expect(explanation.inputs.phases.map((p) => p.phase).sort()).toEqual(dispatched.plan.splits.map((s) => s.phase).sort());
  // Flows measured by the simulated detectors: known for every phase (zero is a measurement), traffic on some.
  const phases = explanation.inputs.phases;
  expect(phases.every((p) => p.flowVph !== null && p.flowVph >= 0 && p.saturationFlowVph !== null)).toBe(true);
  expect(phases.some((p) => p.flowVph! > 0)).toBe(true);
  if (strategy === 'webster') expect(phases.every((p) => p.flowRatio !== null)).toBe(true);
  if (strategy === 'max-pressure') expect(phases.every((p) => p.pressure !== null && p.queueVeh !== null)).toBe(true);
  expect(explanation.chosen.splits.map((s) => s.greenS)).toEqual(dispatched.plan.splits.map((s) => s.greenS));
}
