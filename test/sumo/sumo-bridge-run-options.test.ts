/**
 * The bridge's run options against real SUMO and a real broker (Debian mosquitto): a configuration that begins at
 * 07:00 with no detectors of its own (loops placed by the bridge, timestamps mapped from the begin), SUMO's own
 * actuated controller as an observed baseline, and the conflict monitor latching a light that shows conflicting
 * greens to flash.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import mqtt from 'mqtt';
import { buildTopic, decodeMessage, type ControllerState, type ControllerStatus, type DetectorMeasurement, type PlanAck } from '@arterial/contracts/mqtt/v1';
import { buildGridScenario, type ControllerEvent, startBridge } from '@arterial/sumo-bridge';
import { MosquittoBroker } from '../support/mosquitto-broker';
import { waitFor } from '../support/wait-for';

const BEGIN_S = 25_200; // 07:00

describe('SUMO bridge run options', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-sumo-options-'));
  const broker = new MosquittoBroker();
  let centre: mqtt.MqttClient;
  const received: { topic: string; payload: Buffer }[] = [];
  let sumocfg = '';

  beforeAll(async () => {
    await broker.start();
    centre = await mqtt.connectAsync(broker.url, { protocolVersion: 4, clientId: 'sumo-options-centre' });
    centre.on('message', (topic, payload) => received.push({ topic, payload }));
    await centre.subscribeAsync('arterial/v1/#', { qos: 1 });
    sumocfg = morningScenario('morning', 600);
  }, 30_000);

  /** A 2 × 1 grid whose configuration starts at 07:00 and names no detector file. */
  function morningScenario(name: string, flowVph: number): string {
    const dir = path.join(tmp, name);
    buildGridScenario({ dir, columns: 2, rows: 1, seconds: 600, flowVph });
    const routes = fs.readFileSync(path.join(dir, 'routes.rou.xml'), 'utf8').replace(/begin="0" end="600"/g, `begin="${BEGIN_S}" end="${BEGIN_S + 600}"`);
    fs.writeFileSync(path.join(dir, 'routes.rou.xml'), routes);
    const file = path.join(dir, 'morning.sumocfg');
    fs.writeFileSync(file, `<configuration>
  <input><net-file value="grid.net.xml"/><route-files value="routes.rou.xml"/></input>
  <time><begin value="${BEGIN_S}"/><end value="${BEGIN_S + 600}"/></time>
</configuration>
`);
    return file;
  }

  afterAll(async () => {
    await centre?.endAsync();
    await broker.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const decoded = (from: number) =>
    received.slice(from).map((m) => ({ topic: m.topic, result: decodeMessage(m.topic, m.payload, { nowMs: Date.now() }) }));

  it('runs a configuration beginning at 07:00 with loops it placed, every timestamp in the past and mapped from the begin', async () => {
    const from = received.length;
    const tripinfoFile = path.join(tmp, 'morning-tripinfo.xml');
    const bridge = await startBridge({ sumocfg, mqttUrl: broker.url, seconds: 300, intervalS: 60, seed: 3, tripinfoFile, clientIdPrefix: 'sumo-morning' });
    expect(bridge.window).toMatchObject({ beginS: BEGIN_S, endS: BEGIN_S + 300 });
    // Two signals with four single-lane approaches each: a stop-bar and an advance loop on each.
    expect(bridge.detectorIds.sort()).toEqual(expect.arrayContaining(['A0B0_0-stop', 'A0B0_0-adv', 'left0A0_0-stop']));
    expect(bridge.detectorIds).toHaveLength(16);
    const summary = await bridge.done;
    expect(summary).toMatchObject({ steps: 300, simulatedS: 300, detectorsPlaced: 16, unsafe: 0, program: 'platform' });
    expect(summary.tripinfo.trips).toBeGreaterThan(0);
    expect(summary.tripinfo.unfinished).toBeGreaterThan(0);
    expect(fs.readFileSync(tripinfoFile, 'utf8')).toContain('vaporized="end"');

    await waitFor(() => received.length - from >= 5 * 16 && received.slice(from).some((m) => m.topic.endsWith('/status')) ? true : undefined, { timeoutMs: 10_000, what: 'messages' });
    const messages = decoded(from);
    expect(messages.filter((m) => !m.result.ok)).toEqual([]);
    const measurements = messages.flatMap((m) => (m.result.ok && m.result.kind === 'measurement' ? [m.result.payload as DetectorMeasurement] : []));
    // 300 s in 60 s intervals: five per loop, the first ending one interval after the mapped begin.
    expect(measurements).toHaveLength(5 * 16);
    expect(Math.min(...measurements.map((m) => m.ts))).toBe(bridge.window.startEpochMs + 60_000);
    expect(Math.max(...measurements.map((m) => m.ts))).toBe(bridge.window.startEpochMs + 300_000);
    expect(measurements.reduce((sum, m) => sum + m.volume, 0)).toBeGreaterThan(0);
  }, 120_000);

  it('runs SUMO\'s actuated controller as an observed baseline: plans refused, the monitor still watching', async () => {
    const events: ControllerEvent[] = [];
    const bridge = await startBridge({ sumocfg, mqttUrl: broker.url, seconds: 240, speed: 40, program: 'sumo-actuated', seed: 3, clientIdPrefix: 'sumo-actuated', onControllerEvent: (e) => events.push(e) });
    expect(await bridge.traci.tlsProgram('A0')).toBe('sumo-actuated');
    const plan = { planId: 'baseline-plan', issuedAt: Date.now(), expiresAt: Date.now() + 600_000, cycleS: 90, offsetS: 0, splits: [{ phase: 1, greenS: 42 }, { phase: 2, greenS: 42 }], reason: 'refused' };
    await centre.publishAsync(buildTopic('plan', 'A0'), JSON.stringify(plan), { qos: 1 });
    const ack = await waitFor(() => received.map((m) => (m.topic === buildTopic('plan-ack', 'A0') ? (JSON.parse(m.payload.toString()) as PlanAck) : undefined)).find((a) => a?.planId === plan.planId), { timeoutMs: 10_000, what: 'refusal' });
    expect(ack).toMatchObject({ accepted: false, reason: expect.stringContaining('observing only') });
    const summary = await bridge.done;
    expect(summary).toMatchObject({ program: 'sumo-actuated', plansAccepted: 0, plansApplied: 0, unsafe: 0 });
    expect(events.filter((e) => e.kind === 'plan-applied')).toEqual([]);
  }, 120_000);

  it("checks plans on the run's simulated time with controllerClock 'simulation', and writes tripinfo for vehicles never inserted", async () => {
    // 1,500 veh/h per single-lane entry: more than the entries take, so some vehicles are never inserted.
    const saturated = morningScenario('saturated', 1500);
    const tripinfoFile = path.join(tmp, 'saturated-tripinfo.xml');
    const events: ControllerEvent[] = [];
    const bridge = await startBridge({
      sumocfg: saturated, mqttUrl: broker.url, seconds: 600, speed: 60, seed: 3, tripinfoFile, writeUndeparted: true, controllerClock: 'simulation',
      clientIdPrefix: 'sumo-simclock', onControllerEvent: (e) => events.push(e),
    });
    const start = bridge.window.startEpochMs;
    const splits = [{ phase: 1, greenS: 42 }, { phase: 2, greenS: 42 }];
    // Stamped on the run's epoch: valid on simulated time. Stamped on the wall clock: the run maps 600 s into the
    // past, so the lights see it issued more than the contract's 5 min skew ahead.
    const onSimulatedTime = { planId: 'sim-time', issuedAt: start, expiresAt: start + 900_000, cycleS: 90, offsetS: 0, splits, reason: 'simulated clock' };
    const onWallTime = { ...onSimulatedTime, planId: 'wall-time', issuedAt: Date.now(), expiresAt: Date.now() + 900_000 };
    await centre.publishAsync(buildTopic('plan', 'A0'), JSON.stringify(onSimulatedTime), { qos: 1 });
    await centre.publishAsync(buildTopic('plan', 'A0'), JSON.stringify(onWallTime), { qos: 1 });
    const summary = await bridge.done;
    const acks = events.flatMap((e) => (e.kind === 'plan-ack' ? [[e.planId, e.accepted, e.reason?.split(':')[0]]] : []));
    expect(acks).toEqual([['sim-time', true, undefined], ['wall-time', false, 'issued-in-future']]);
    // Valid to the end of the run on simulated time: applied, never expired.
    expect(events.filter((e) => e.kind === 'plan-applied').map((e) => e.kind === 'plan-applied' && e.planId)).toEqual(['sim-time']);
    expect(events.filter((e) => e.kind === 'plan-expired')).toEqual([]);
    expect(summary.unsafe).toBe(0);
    expect(fs.readFileSync(tripinfoFile, 'utf8')).toMatch(/<tripinfo [^>]*depart="-1/);
  }, 120_000);

  it('latches a light that shows conflicting greens to flash and reports it', async () => {
    const from = received.length;
    const bridge = await startBridge({ sumocfg, mqttUrl: broker.url, seconds: 300, speed: 10, clientIdPrefix: 'sumo-mmu' });
    await waitFor(() => received.slice(from).some((m) => m.topic === buildTopic('state', 'A0')) || undefined, { timeoutMs: 10_000, what: 'A0 states' });
    // Something other than the controller (a fault, a bad program) makes SUMO show green on every link.
    const links = (await bridge.traci.tlsState('A0')).length;
    await bridge.traci.setTlsState('A0', 'G'.repeat(links));
    await waitFor(async () => ((await bridge.traci.tlsState('A0')) === 'o'.repeat(links)) || undefined, { timeoutMs: 10_000, what: 'A0 flashing' });
    const status = await waitFor(() => received.slice(from).filter((m) => m.topic === buildTopic('status', 'A0')).map((m) => JSON.parse(m.payload.toString()) as ControllerStatus).find((s) => s.faults.includes('CONFLICT_FLASH')), { timeoutMs: 10_000, what: 'CONFLICT_FLASH' });
    expect(status.online).toBe(true);
    const state = await waitFor(() => received.slice(from).filter((m) => m.topic === buildTopic('state', 'A0')).map((m) => JSON.parse(m.payload.toString()) as ControllerState).find((s) => s.mode === 'flash'), { timeoutMs: 10_000, what: 'flash state' });
    expect(state.phases.every((p) => p.state === 'flashing-yellow')).toBe(true);
    const summary = await bridge.stop();
    expect(summary.unsafe).toBeGreaterThan(0);
    expect(summary.violations[0]).toMatchObject({ tlsId: 'A0', kind: 'conflict' });
    expect(summary.violations.every((v) => v.tlsId === 'A0')).toBe(true);
  }, 120_000);

  it('runs an actuated coordinated plan: phase 2 gaps out, phase 1 keeps its yield point, nothing unsafe', async () => {
    const from = received.length;
    const events: ControllerEvent[] = [];
    // Light demand: gaps of a few seconds between the phase's vehicles.
    const light = morningScenario('light', 150);
    const bridge = await startBridge({ sumocfg: light, mqttUrl: broker.url, seconds: 600, speed: 80, clientIdPrefix: 'sumo-actuation', onControllerEvent: (e) => events.push(e) });
    const now = Date.now();
    const plan = {
      planId: 'actuated-plan', issuedAt: now, expiresAt: now + 600_000, cycleS: 90, offsetS: 20, coordinatedPhase: 1, reason: 'actuation test',
      splits: [{ phase: 1, greenS: 42 }, { phase: 2, greenS: 42, actuation: { minGreenS: 6, maxGreenS: 42, passageS: 2 } }],
    };
    await centre.publishAsync(buildTopic('plan', 'A0'), JSON.stringify(plan), { qos: 1 });
    const done = await waitFor(() => events.find((e) => e.kind === 'plan-coordinated' && e.planId === plan.planId), { timeoutMs: 20_000, what: 'plan coordinated' });
    if (done.kind !== 'plan-coordinated') throw new Error('unexpected event');
    // Four cycles of states after the transition.
    const states = await waitFor(() => {
      const mine = received.slice(from).filter((m) => m.topic === buildTopic('state', 'A0')).map((m) => JSON.parse(m.payload.toString()) as ControllerState).filter((s) => s.ts > done.tsMs);
      return mine.length >= 360 ? mine : undefined;
    }, { timeoutMs: 30_000, what: 'states of four cycles' });
    const summary = await bridge.stop();
    // Green runs of each phase, and where in the coordinated cycle phase 1 yields (its yellow starts).
    const greens: Record<number, number[]> = { 1: [], 2: [] };
    const yields: number[] = [];
    for (const id of [1, 2]) {
      let run = 0;
      for (const [i, s] of states.entries()) {
        const p = s.phases.find((x) => x.id === id)!;
        if (p.state === 'green') run++;
        else if (run > 0) {
          greens[id]!.push(run);
          run = 0;
          if (id === 1 && p.state === 'yellow' && i > 0) yields.push((((s.ts - 20_000) % 90_000) + 90_000) % 90_000 / 1000);
        }
      }
    }
    expect(greens[2]!.length).toBeGreaterThanOrEqual(3);
    expect(Math.min(...greens[2]!)).toBeLessThan(42); // gapped out at least once
    expect(Math.min(...greens[2]!)).toBeGreaterThanOrEqual(6);
    expect(Math.max(...greens[1]!.slice(1))).toBeGreaterThan(42); // early return
    // Phase 1's yield point is 42 s into the cycle: its yellow is first seen within a step of it.
    for (const y of yields) expect(Math.abs(y - 42)).toBeLessThanOrEqual(1);
    expect(summary.unsafe).toBe(0);
  }, 120_000);
});
